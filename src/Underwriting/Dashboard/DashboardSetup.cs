using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>
/// The loan officers' dashboard: Razor Pages under this folder, signed in with an officer cookie,
/// every page behind the officers policy except sign-in; supervisor-only actions check
/// <see cref="SupervisorsPolicy"/>. Form posts carry antiforgery tokens (Razor Pages validates them).
/// </summary>
public static class DashboardSetup
{
    /// <summary>Any signed-in officer or supervisor.</summary>
    public const string OfficersPolicy = "officers";

    /// <summary>Supervisors only (promote a model, run a job, override a decision).</summary>
    public const string SupervisorsPolicy = "supervisors";

    public static void AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<DashboardOptions>(builder.Configuration.GetSection(DashboardOptions.Section));
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Dashboard";
                options.Conventions.AuthorizeFolder("/", OfficersPolicy);
                options.Conventions.AllowAnonymousToPage("/SignIn");
                options.Conventions.AllowAnonymousToPage("/Denied");
            })
            // When another program hosts the service (credit run), the pages are still this assembly's.
            .ConfigureApplicationPartManager(manager =>
            {
                var assembly = typeof(DashboardSetup).Assembly;
                if (!manager.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == assembly))
                {
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    {
                        manager.ApplicationParts.Add(part);
                    }
                }
            });
        services.AddRouting(options => options.LowercaseUrls = true);

        services.AddDatabaseKeyRing();

        services.AddAuthentication()
            .AddCookie(OfficerCookie.SchemeName, OfficerCookie.Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(OfficersPolicy, policy => policy
                .AddAuthenticationSchemes(OfficerCookie.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(OfficerRoles.Officer, OfficerRoles.Supervisor))
            .AddPolicy(SupervisorsPolicy, policy => policy
                .AddAuthenticationSchemes(OfficerCookie.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(OfficerRoles.Supervisor));
    }

    /// <summary>
    /// Data protection with its key ring in the database (<see cref="DatabaseKeyRing"/>): the service
    /// protects cookies and form tokens with it, and the service and the CLI protect webhook secrets.
    /// </summary>
    public static IDataProtectionBuilder AddDatabaseKeyRing(this IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
            options.XmlRepository = new DatabaseKeyRing(provider.GetRequiredService<Database>(), provider.GetRequiredService<TimeProvider>())));
        return services.AddDataProtection().SetApplicationName("microcredit");
    }

    public static void MapDashboard(this WebApplication app)
    {
        app.MapDashboardAssets();
        app.MapRazorPages();
    }
}
