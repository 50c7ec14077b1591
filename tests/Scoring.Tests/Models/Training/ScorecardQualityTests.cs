using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Tests.Models.Training;

/// <summary>
/// The quality bar on the small shared data sets: cross-validated AUC on the given folds at least
/// the README's scikit-learn logistic regression minus 0.01 (taiwan and lending_club are in the
/// model-quality bench).
/// </summary>
public class ScorecardQualityTests
{
    [Fact]
    public void German_FoldAuc_IsWithinOneHundredthOfTheReferenceLogisticRegression()
    {
        Assert.True(DataSets.German.Artifact.Validation.Auc >= 0.7861 - 0.01, $"AUC {DataSets.German.Artifact.Validation.Auc}");
        Assert.Equal(5, DataSets.German.Artifact.Validation.Splits.Count);
    }

    [Fact]
    public void CreditData_FoldAuc_IsWithinOneHundredthOfTheReferenceLogisticRegression()
    {
        var result = ModelTrainer.Train(DataSets.Read("credit_data.csv"), "sha", new TrainingOptions { Target = "default", FoldColumn = "fold" });

        Assert.True(result.Artifact.Validation.Auc >= 0.8313 - 0.01, $"AUC {result.Artifact.Validation.Auc}");
    }
}
