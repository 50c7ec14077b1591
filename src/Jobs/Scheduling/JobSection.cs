using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Scheduling;

/// <summary>Reads a job's options section into its options class (defaults for what is absent) and validates its data annotations.</summary>
public static class JobSection
{
    /// <exception cref="ValidationException">A value is out of its allowed range.</exception>
    public static T Read<T>(IConfiguration configuration, string section)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(section).Get<T>() ?? new T();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
