using System.Collections.Specialized;
using System.Text.Json;
using Quartz.Spi;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// The job store's serializer. With <c>quartz.jobStore.useProperties</c> Quartz stores job data
/// as a string-to-string collection, and that is all this serializer writes (as JSON); the
/// serializer packages of Quartz 3.x are not in the mirror, and the platform's jobs keep no data
/// in Quartz anyway (a job's state lives in its own tables). Anything else is refused.
/// </summary>
public sealed class StringPropertiesSerializer : IObjectSerializer
{
    public void Initialize()
    {
    }

    public byte[] Serialize<T>(T obj)
        where T : class
    {
        if (obj is not NameValueCollection properties)
        {
            throw new NotSupportedException($"The job store keeps string job data only, not {obj.GetType().Name}.");
        }

        var map = properties.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => properties[k], StringComparer.Ordinal);
        return JsonSerializer.SerializeToUtf8Bytes(map);
    }

    public T? DeSerialize<T>(byte[] data)
        where T : class
    {
        if (typeof(T) != typeof(NameValueCollection))
        {
            throw new NotSupportedException($"The job store keeps string job data only, not {typeof(T).Name}.");
        }

        var map = JsonSerializer.Deserialize<Dictionary<string, string?>>(data) ?? [];
        var properties = new NameValueCollection(StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            properties[key] = value;
        }

        return (T)(object)properties;
    }
}
