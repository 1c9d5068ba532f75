using System.Text.Json.Nodes;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>The renderer that stands in for <c>helm template</c> follows Go template semantics for its subset and
/// refuses the rest.</summary>
public sealed class ChartRendererTests : IDisposable
{
    private readonly DirectoryInfo _chart = Directory.CreateTempSubdirectory("solvers-chart-");

    public ChartRendererTests()
    {
        File.WriteAllText(Path.Combine(_chart.FullName, "Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: 4.5.6\n");
        File.WriteAllText(Path.Combine(_chart.FullName, "values.yaml"),
            "name: web\nlist:\n- a\n- b\nempty: []\nflag: false\nresources:\n  requests:\n    memory: 64Mi\n    cpu: \"1\"\n");
        File.WriteAllText(Path.Combine(_chart.FullName, "file.txt"), "line 1\nline 2\n");
    }

    [Theory]
    [InlineData("x: {{ .Values.name }}", "x: web")]
    [InlineData("{{ .Release.Name }}/{{ .Release.Namespace }} {{ .Chart.AppVersion }}", "rel/ns 4.5.6")]
    [InlineData("a\n{{- range .Values.list }}\n- {{ . }}/{{ $.Values.name }}\n{{- end }}\nz", "a\n- a/web\n- b/web\nz")]
    [InlineData("{{- range .Values.empty }}x{{- end }}y", "y")]
    [InlineData("{{- if .Values.flag }}yes{{ else }}no{{ end }}", "no")]
    [InlineData("{{- if .Values.missing }}yes{{ end }}.", ".")]
    [InlineData("k:\n  {{- toYaml .Values.resources | nindent 2 }}", "k:\n  requests:\n    cpu: \"1\"\n    memory: 64Mi")]
    [InlineData("d: |\n{{ .Files.Get \"file.txt\" | indent 2 }}", "d: |\n  line 1\n  line 2\n  ")]
    [InlineData("a: {{`{{ $labels.pod }}`}}", "a: {{ $labels.pod }}")]
    [InlineData("{{ quote .Values.name }} {{ .Values.name | quote }}", "\"web\" \"web\"")]
    [InlineData("a {{- /* note */ -}} b", "ab")]
    public void Render_SupportedConstruct_FollowsGoTemplates(string template, string expected)
    {
        Assert.Equal(expected, Renderer().Render(template));
    }

    [Theory]
    [InlineData("{{ include \"x\" . }}")]
    [InlineData("{{ default \"a\" .Values.name }}")]
    [InlineData("{{ with .Values.resources }}x{{ end }}")]
    [InlineData("{{ .Values.name | upper }}")]
    public void Render_ConstructOutsideTheSubset_Throws(string template)
    {
        Assert.Throws<NotSupportedException>(() => Renderer().Render(template));
    }

    [Fact]
    public void Render_MissingValue_ThrowsNamingIt()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Renderer().Render("{{ .Values.nmae }}"));

        Assert.Contains(".Values.nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PrintingAMap_ThrowsInsteadOfGoFormatting()
    {
        Assert.Throws<NotSupportedException>(() => Renderer().Render("{{ .Values.resources }}"));
    }

    [Fact]
    public void Overrides_MergeIntoNestedValues()
    {
        var renderer = new ChartRenderer(_chart.FullName, "rel", "ns", new JsonObject { ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "2" } } });

        Assert.Equal("requests:\n  cpu: \"2\"\n  memory: 64Mi", renderer.Render("{{ toYaml .Values.resources }}"));
    }

    public void Dispose() => _chart.Delete(recursive: true);

    private ChartRenderer Renderer() => new(_chart.FullName, "rel", "ns");
}
