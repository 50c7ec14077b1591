using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>The sign-in form: name and password, five failures lock the account (docs/dashboard.md).</summary>
public sealed class SignInModel(Database database, TimeProvider time, IOptions<DashboardOptions> options) : PageModel
{
    [BindProperty]
    public string OfficerId { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(OfficerId) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", "Enter your officer id and password.");
            return Page();
        }

        var now = time.GetUtcNow();
        OfficerSignIn result;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            result = await OfficerAccounts.SignInAsync(connection, OfficerId.Trim(), Password, options.Value.Lockout, now, cancellationToken);
        }

        if (!result.Succeeded)
        {
            ModelState.AddModelError("", result.Refusal == SignInRefusal.LockedOut
                ? $"This account is locked after {OfficerAccounts.MaxFailedAttempts} failed sign-ins until {result.LockedUntil:yyyy-MM-dd HH:mm} UTC. A supervisor can reset the password (credit officer reset-password)."
                : "Wrong officer id or password.");
            Password = "";
            return Page();
        }

        await HttpContext.SignInAsync(OfficerCookie.SchemeName, OfficerCookie.Principal(result.Officer!), new AuthenticationProperties { IssuedUtc = now });
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
