namespace Solvers.TestUtilities.Internal;

/// <summary>A core/v1 resource the fake stores: plural name, kind and list kind.</summary>
internal sealed class ResourceType
{
    public static readonly ResourceType ConfigMaps = new("configmaps", "ConfigMap", ["metadata.name", "metadata.namespace"]);

    public static readonly ResourceType Secrets = new("secrets", "Secret", ["metadata.name", "metadata.namespace", "type"]);

    private ResourceType(string name, string kind, IReadOnlyList<string> selectableFields)
    {
        Name = name;
        Kind = kind;
        SelectableFields = selectableFields;
    }

    public string Name { get; }

    public string Kind { get; }

    public string ListKind => Kind + "List";

    /// <summary>Field selector labels the real registry supports for this resource.</summary>
    public IReadOnlyList<string> SelectableFields { get; }

    public static ResourceType? FromName(string name) => name switch
    {
        "configmaps" => ConfigMaps,
        "secrets" => Secrets,
        _ => null,
    };
}
