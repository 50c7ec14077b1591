namespace Microcredit.Underwriting.Idempotency;

/// <summary>The first response given to one (API key, Idempotency-Key).</summary>
public sealed record IdempotencyRecord(string RequestHash, long StatusCode, string Response);
