using System.Text.Json;

namespace Solvers.TestUtilities.Internal;

/// <summary>Reads and validates SubjectAccessReview requests and writes the response object the way the
/// apiserver does (<c>pkg/registry/authorization/subjectaccessreview</c>).</summary>
internal static class SubjectAccessReviewCodec
{
    public const string Group = "authorization.k8s.io";
    public const string Version = "v1";
    public const string Kind = "SubjectAccessReview";
    public const string Resource = "subjectaccessreviews";
    public const string Schema = "io.k8s.api.authorization.v1.SubjectAccessReview";

    private static readonly string[] _selectors = ["fieldSelector", "labelSelector"];

    public static SubjectAccessReviewRequest Read(JsonElement root)
    {
        var spec = JsonRead.Property(root, "spec") ?? default;
        ResourceAttributes? resource = null;
        if (JsonRead.Property(spec, "resourceAttributes") is { ValueKind: JsonValueKind.Object } ra)
        {
            resource = new ResourceAttributes(
                JsonRead.String(ra, "namespace"),
                JsonRead.String(ra, "verb"),
                JsonRead.String(ra, "group"),
                JsonRead.String(ra, "version"),
                JsonRead.String(ra, "resource"),
                JsonRead.String(ra, "subresource"),
                JsonRead.String(ra, "name"));
        }

        NonResourceAttributes? nonResource = null;
        if (JsonRead.Property(spec, "nonResourceAttributes") is { ValueKind: JsonValueKind.Object } nra)
        {
            nonResource = new NonResourceAttributes(JsonRead.String(nra, "path"), JsonRead.String(nra, "verb"));
        }

        return new SubjectAccessReviewRequest(
            JsonRead.String(spec, "user"),
            JsonRead.String(spec, "uid"),
            JsonRead.Strings(spec, "groups"),
            JsonRead.StringListMap(spec, "extra"),
            resource,
            nonResource);
    }

    /// <summary>The field errors of <c>ValidateSubjectAccessReviewSpec</c> (as of Kubernetes 1.34: the union
    /// errors are reported on <c>spec</c>), rendered as <c>field.Error.ErrorBody()</c>.</summary>
    public static IReadOnlyList<(string Field, string Body)> Validate(SubjectAccessReviewRequest request)
    {
        const string union = "exactly one of nonResourceAttributes or resourceAttributes must be specified";
        var errors = new List<(string, string)>();
        if (request.ResourceAttributes is not null && request.NonResourceAttributes is { } both)
        {
            errors.Add(("spec", $"Invalid value: &NonResourceAttributes{{Path:{both.Path},Verb:{both.Verb},}}: {union}"));
        }

        if (request.ResourceAttributes is null && request.NonResourceAttributes is null)
        {
            errors.Add(("spec", $"Invalid value: null: {union}"));
        }

        if (string.IsNullOrEmpty(request.User) && request.Groups.Count == 0)
        {
            errors.Add(("spec.user", "Invalid value: \"\": at least one of user or group must be specified"));
        }

        return errors;
    }

    public static byte[] Write(JsonElement root, SubjectAccessReviewRequest request, SubjectAccessReviewAnswer answer) => KubeJson.Document(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("kind", Kind);
        writer.WriteString("apiVersion", $"{Group}/{Version}");
        TokenReviewCodec.WriteMetadata(writer, root);

        var spec = JsonRead.Property(root, "spec") ?? default;
        writer.WriteStartObject("spec");
        if (request.ResourceAttributes is { } ra)
        {
            writer.WriteStartObject("resourceAttributes");
            KubeJson.WriteIfNotEmpty(writer, "namespace", ra.Namespace);
            KubeJson.WriteIfNotEmpty(writer, "verb", ra.Verb);
            KubeJson.WriteIfNotEmpty(writer, "group", ra.Group);
            KubeJson.WriteIfNotEmpty(writer, "version", ra.Version);
            KubeJson.WriteIfNotEmpty(writer, "resource", ra.Resource);
            KubeJson.WriteIfNotEmpty(writer, "subresource", ra.Subresource);
            KubeJson.WriteIfNotEmpty(writer, "name", ra.Name);
            var raw = JsonRead.Property(spec, "resourceAttributes") ?? default;
            foreach (var selector in _selectors)
            {
                if (JsonRead.Property(raw, selector) is { ValueKind: JsonValueKind.Object } value)
                {
                    writer.WritePropertyName(selector);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        if (request.NonResourceAttributes is { } nra)
        {
            writer.WriteStartObject("nonResourceAttributes");
            KubeJson.WriteIfNotEmpty(writer, "path", nra.Path);
            KubeJson.WriteIfNotEmpty(writer, "verb", nra.Verb);
            writer.WriteEndObject();
        }

        KubeJson.WriteIfNotEmpty(writer, "user", request.User);
        if (request.Groups.Count > 0)
        {
            KubeJson.WriteStringArray(writer, "groups", request.Groups);
        }

        KubeJson.WriteExtra(writer, "extra", request.Extra);
        KubeJson.WriteIfNotEmpty(writer, "uid", request.Uid);
        writer.WriteEndObject();

        writer.WriteStartObject("status");
        writer.WriteBoolean("allowed", answer.Allowed);
        if (answer.Denied)
        {
            writer.WriteBoolean("denied", true);
        }

        KubeJson.WriteIfNotEmpty(writer, "reason", answer.Reason);
        KubeJson.WriteIfNotEmpty(writer, "evaluationError", answer.EvaluationError);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });
}
