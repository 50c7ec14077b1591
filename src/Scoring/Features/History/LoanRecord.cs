namespace Microcredit.Scoring.Features.History;

/// <summary>
/// A loan with its schedule and payments as ranges into <see cref="MerchantHistory"/>'s
/// installment and repayment arrays (installments sorted by due date then seq, repayments by
/// paid_at). Money in cents, rate in millionths a day, instants in Unix milliseconds.
/// </summary>
public readonly record struct LoanRecord(
    int Merchant,
    LoanProduct Product,
    long PrincipalCents,
    long DailyRateMicros,
    long DisbursedAt,
    int MaturityDay,
    int InstallmentStart,
    int InstallmentCount,
    int RepaymentStart,
    int RepaymentCount);

/// <summary>One installment of a schedule: due on <see cref="DueDay"/> (a <see cref="Days"/> number), amounts in cents.</summary>
public readonly record struct InstallmentRecord(int Seq, int DueDay, long PrincipalCents, long InterestCents);

/// <summary>One payment on a loan: when (Unix ms) and how much (cents).</summary>
public readonly record struct RepaymentRecord(long PaidAt, long AmountCents);
