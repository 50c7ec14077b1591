using Dapper;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.SqlExport;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;

namespace Microcredit.Scoring.Tests.Models.SqlExport;

public class ScorecardSqlTests
{
    [Theory, Engines]
    public async Task Export_HandModel_EqualsTheEngineOnEdgeValues(DatabaseEngine engine)
    {
        var artifact = HandModel.Create();
        const string csv = """
            age,region,f3,f4,f5
            29.999,north,-0.0001,0,5
            30,south,0,-1,-5
            50,east,,1e-9,0
            -1,,3,NA,-2
            ,west,-3,-4,1
            """;
        var data = CsvTabularReader.Read(new StringReader(csv), "edges.csv");

        await AssertSqlEqualsEngineAsync(engine, artifact, data);
    }

    [Theory, Engines]
    public async Task Export_TrainedOnCreditData_EqualsTheEngine(DatabaseEngine engine)
    {
        // credit_data has missing values; a declared special value exercises that branch too.
        var data = DataSets.Read("credit_data.csv");
        var sample = data.Select([.. Enumerable.Range(0, data.RowCount).Where(i => i % 3 == 0)]);
        var options = new TrainingOptions
        {
            Target = "default",
            FoldColumn = "fold",
            Scorecard = new() { Binning = new() { Special = new Dictionary<string, IReadOnlyList<double>> { ["Assets"] = [0] } } },
        };
        var artifact = ModelTrainer.Train(sample, "", options).Artifact;
        Assert.Contains(artifact.Scorecard!.Features, f => f.Binning.Kind == ColumnKind.Categorical);

        await AssertSqlEqualsEngineAsync(engine, artifact, data.Select([.. Enumerable.Range(0, 400)]));
    }

    private static async Task AssertSqlEqualsEngineAsync(DatabaseEngine engine, ModelArtifact artifact, TabularData data)
    {
        await using var test = await TestDatabase.CreateAsync(engine, migrate: false);
        var features = artifact.Schema.Features;
        var columns = features.Select(f => $"{ScorecardSql.Identifier(f.Name)} {(f.Kind == ColumnKind.Categorical ? "TEXT" : engine == DatabaseEngine.Postgres ? "DOUBLE PRECISION" : "REAL")}");
        await using var connection = await test.Database.OpenAsync();
        await connection.ExecuteAsync($"CREATE TABLE scored_rows (row_no INTEGER PRIMARY KEY, {string.Join(", ", columns)})");
        var insert = $"INSERT INTO scored_rows (row_no, {string.Join(", ", features.Select(f => ScorecardSql.Identifier(f.Name)))}) VALUES (@row_no, {string.Join(", ", features.Select((_, k) => $"@p{k}"))})";
        for (var r = 0; r < data.RowCount; r++)
        {
            var parameters = new DynamicParameters();
            parameters.Add("row_no", r);
            for (var k = 0; k < features.Count; k++)
            {
                var column = data[features[k].Name];
                object? value = column.IsMissing(r) ? null : column.Kind == ColumnKind.Numeric ? column.NumberValues[r] : column.LabelValues[r];
                parameters.Add($"p{k}", value);
            }

            await connection.ExecuteAsync(insert, parameters);
        }

        var dialect = engine == DatabaseEngine.Postgres ? SqlDialect.Postgres : SqlDialect.Sqlite;
        var sql = ScorecardSql.Export(artifact, dialect);
        var fromDatabase = (await connection.QueryAsync<long>($"SELECT {sql} FROM scored_rows ORDER BY row_no")).ToArray();

        var engineScores = ScoredRows.Score(artifact, data).Scores;
        Assert.Equal(engineScores.Select(s => (long)s), fromDatabase);
        Assert.Equal(data.RowCount, fromDatabase.Length);
    }
}
