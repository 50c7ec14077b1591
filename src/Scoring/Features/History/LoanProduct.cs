namespace Microcredit.Scoring.Features.History;

/// <summary>The two loan products (loans.csv <c>product</c>).</summary>
public enum LoanProduct
{
    /// <summary><c>credit</c>: an installment credit line.</summary>
    Credit,

    /// <summary><c>order</c>: an advance on shipped orders, one installment at maturity.</summary>
    Order,
}

/// <summary>Text form of <see cref="LoanProduct"/> as stored and exported.</summary>
public static class LoanProducts
{
    public static string ToText(LoanProduct product) => product == LoanProduct.Credit ? "credit" : "order";

    public static LoanProduct Parse(string text) => text switch
    {
        "credit" => LoanProduct.Credit,
        "order" => LoanProduct.Order,
        _ => throw new FormatException($"Unknown loan product '{text}'."),
    };
}
