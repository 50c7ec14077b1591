using Microcredit.Underwriting.Dashboard.Officers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Microcredit.Underwriting.Dashboard;

/// <summary>Sign-out is a form post (antiforgery-checked), so a link elsewhere cannot sign an officer out.</summary>
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(OfficerCookie.SchemeName);
        return Redirect("/signin");
    }
}
