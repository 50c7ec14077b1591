namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>The result of a sign-in attempt: the officer, or why not.</summary>
public sealed record OfficerSignIn(Officer? Officer, SignInRefusal Refusal, DateTimeOffset? LockedUntil)
{
    public bool Succeeded => Officer is not null;
}

public enum SignInRefusal
{
    None,

    /// <summary>Unknown name or wrong password; the page does not say which.</summary>
    InvalidCredentials,

    /// <summary>Too many consecutive failures; refused even with the right password until the lock ends.</summary>
    LockedOut,
}
