using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Decisions;

/// <summary>
/// The policy this process decides with: the file named by configuration <c>Policy</c>, else the
/// shipped one; validated when the service starts (a bad file stops start-up with every error).
/// </summary>
public sealed class RunningPolicy
{
    public const string ConfigurationKey = "Policy";

    public RunningPolicy(IConfiguration configuration)
    {
        var path = configuration[ConfigurationKey];
        Text = string.IsNullOrWhiteSpace(path) ? PolicyLoader.DefaultText() : File.ReadAllText(path);
        Policy = PolicyLoader.Parse(Text, string.IsNullOrWhiteSpace(path) ? PolicyLoader.DefaultFileName : path);
    }

    public CreditPolicy Policy { get; }

    /// <summary>The file's text, stored under the policy's version for replay.</summary>
    public string Text { get; }
}
