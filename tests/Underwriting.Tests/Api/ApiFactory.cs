using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// The service in process on a test database, with the test's clock; <paramref name="serviceDatabase"/>
/// replaces the test database's own connection settings (other timeouts, another route to the server).
/// </summary>
public sealed class ApiFactory(TestDatabase database, TestClock clock, Action<IWebHostBuilder>? configure = null, Database? serviceDatabase = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting(UnderwritingApp.DatabaseKey, database.Setting);
        builder.UseEnvironment("Development");
        configure?.Invoke(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            services.RemoveAll<Database>();
            services.AddSingleton(serviceDatabase ?? database.Database);
        });
    }
}
