namespace Microcredit.Underwriting.Policy;

/// <summary>A policy file that cannot be used: every problem found, one per line, each naming the file and the JSON path.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(IReadOnlyList<string> errors)
        : base(string.Join('\n', errors)) => Errors = errors;

    public PolicyException()
        : this([])
    {
    }

    public PolicyException(string message)
        : this([message])
    {
    }

    public PolicyException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
