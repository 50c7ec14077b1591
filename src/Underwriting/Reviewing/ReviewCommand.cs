using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Underwriting.Reviewing;

/// <summary>The actions on a case, as review_actions and the audit spell them.</summary>
public static class ReviewActions
{
    public const string Approve = "approve";

    public const string Decline = "decline";

    public const string Escalate = "escalate";

    public const string Override = "override";

    /// <summary>Whether the action gives the decision its final outcome (and so notifies the merchant app).</summary>
    public static bool IsFinal(string action) => action is Approve or Decline or Override;
}

/// <summary>
/// What an officer asks of a case. <paramref name="SeenVersion"/> is the case's version on the page
/// the officer acted from: if the case has moved on since, nothing changes.
/// </summary>
/// <param name="DecisionId">The case.</param>
/// <param name="SeenVersion">The version the officer saw.</param>
/// <param name="Action">One of <see cref="ReviewActions"/>.</param>
/// <param name="Outcome">For an override: approved or declined; implied by approve and decline; none for escalate.</param>
/// <param name="Amount">The amount approved (approve, override to approved).</param>
/// <param name="Note">The reason (required to decline), note (required to escalate and override), optional on approve.</param>
public sealed record ReviewCommand(string DecisionId, long SeenVersion, string Action, string? Outcome, Money? Amount, string? Note);

/// <summary>Who acts: the officer (the audit's actor), their role and the most their role may approve.</summary>
public sealed record ReviewActor(string OfficerId, string Role, Money ApprovalLimit)
{
    public bool IsSupervisor => Role == OfficerRoles.Supervisor;
}

/// <summary>Why an action changed nothing (<see cref="Recorded"/> when it did).</summary>
public enum ReviewStatus
{
    Recorded,
    UnknownDecision,

    /// <summary>Another action reached the case first (the version moved on).</summary>
    Stale,
    NotUnderReview,
    AlreadyDecided,
    EscalatedToSupervisors,
    AlreadyEscalated,
    NotAllowed,
    NoteRequired,
    AmountRequired,
    AmountAboveLine,
    AboveApprovalLimit,
    NothingToApprove,
    DrawnDown,
}

/// <summary>What came of a <see cref="ReviewCommand"/>: the status, a sentence for the officer, and the case as it now is.</summary>
public sealed record ReviewOutcome(ReviewStatus Status, string Message, ReviewCase? Case)
{
    public bool Recorded => Status == ReviewStatus.Recorded;
}
