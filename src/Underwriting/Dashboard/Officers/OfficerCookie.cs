using System.Security.Claims;
using Microcredit.Scoring.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Microcredit.Underwriting.Dashboard.Officers;

/// <summary>
/// The officer's sign-in cookie. It carries the officer's id, role and security stamp; every request
/// checks them against the officers row, so a password reset or a role change ends the session at
/// once on every instance (the cookie itself is readable by any instance through the shared key ring).
/// </summary>
public static class OfficerCookie
{
    public const string SchemeName = "Officers";

    public const string StampClaim = "microcredit:stamp";

    public static ClaimsPrincipal Principal(Officer officer) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, officer.OfficerId),
                new Claim(ClaimTypes.Name, officer.DisplayName),
                new Claim(ClaimTypes.Role, officer.Role),
                new Claim(StampClaim, officer.SecurityStamp),
            ],
            SchemeName,
            ClaimTypes.Name,
            ClaimTypes.Role));

    /// <summary>The signed-in officer's id (the audit's actor).</summary>
    public static string OfficerId(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No officer is signed in.");

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "mc_officer";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.LoginPath = "/signin";
        options.LogoutPath = "/signout";
        options.AccessDeniedPath = "/denied";
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var id = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var database = context.HttpContext.RequestServices.GetRequiredService<Database>();
        Officer? officer = null;
        if (id is not null)
        {
            await using var connection = await database.OpenAsync(context.HttpContext.RequestAborted);
            officer = await OfficerAccounts.FindAsync(connection, id, context.HttpContext.RequestAborted);
        }

        if (officer is null
            || officer.SecurityStamp != principal!.FindFirstValue(StampClaim)
            || officer.Role != principal!.FindFirstValue(ClaimTypes.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SchemeName);
        }
    }
}
