using System.Reflection;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>
/// The dashboard's style sheet and scripts, embedded in the assembly and served from /assets, so
/// that every host of the service (its own Program, <c>credit run</c>, tests) serves the same files
/// without a wwwroot beside it. Chart.js 4.6.1 is vendored from npm (<c>npm pack chart.js@4.6.1</c>).
/// </summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    public static void MapDashboardAssets(this IEndpointRouteBuilder app) =>
        app.MapGet("/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(file.Bytes, file.ContentType);
        }).ExcludeFromDescription();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var name = resource["assets/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                _ => "text/plain; charset=utf-8",
            };
            files[name] = (memory.ToArray(), type);
        }

        return files;
    }
}
