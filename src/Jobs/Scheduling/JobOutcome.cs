namespace Microcredit.Jobs.Scheduling;

/// <summary>What a job run did: the rows it wrote (recorded in <c>job_runs.rows</c>) and a one-line summary for people.</summary>
public sealed record JobOutcome(long Rows, string Summary);
