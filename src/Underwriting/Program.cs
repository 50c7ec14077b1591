using Microcredit.Underwriting;

var builder = WebApplication.CreateBuilder(args);
builder.AddUnderwriting();
var app = builder.Build();
app.MapUnderwriting();
await app.RunAsync();

/// <summary>Entry point; public so that WebApplicationFactory can host it in tests.</summary>
public partial class Program;
