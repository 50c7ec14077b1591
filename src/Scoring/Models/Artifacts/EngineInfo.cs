namespace Microcredit.Scoring.Models.Artifacts;

/// <summary>The model engine's version, written into every artifact; raise it when training output changes.</summary>
public static class EngineInfo
{
    public const string Version = "1.0.0";
}
