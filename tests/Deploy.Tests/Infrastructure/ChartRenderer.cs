using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Solvers.Deploy.Tests.Infrastructure;

/// <summary>Renders the Helm chart in deploy/helm/solvers without a helm binary (none can be installed here). It
/// implements only the subset of Go templates and Helm functions the chart uses, with Go's semantics, and throws on
/// anything else, so a template that needs more fails the tests instead of rendering wrong:
/// <c>{{ .Values.x }}</c>, <c>.Release.Name</c>, <c>.Release.Namespace</c>, <c>.Chart.*</c>, <c>$</c>, <c>.</c>,
/// <c>if</c>/<c>else</c>/<c>end</c>, <c>range</c> over a list, raw string literals, <c>{{-</c>/<c>-}}</c> trimming,
/// comments, and the functions <c>toYaml</c>, <c>indent</c>, <c>nindent</c>, <c>quote</c> and <c>.Files.Get</c>.</summary>
internal sealed partial class ChartRenderer
{
    private readonly string _chartDirectory;
    private readonly JsonObject _root;

    public ChartRenderer(string chartDirectory, string releaseName, string releaseNamespace, JsonObject? valueOverrides = null)
    {
        _chartDirectory = chartDirectory;
        var values = Yaml.Parse(File.ReadAllText(Path.Combine(chartDirectory, "values.yaml"))) as JsonObject ?? [];
        if (valueOverrides is not null)
        {
            Merge(values, valueOverrides);
        }

        var chart = Yaml.Parse(File.ReadAllText(Path.Combine(chartDirectory, "Chart.yaml"))) as JsonObject
            ?? throw new FormatException("Chart.yaml is not a mapping");
        _root = new JsonObject
        {
            ["Values"] = values,
            ["Release"] = new JsonObject { ["Name"] = releaseName, ["Namespace"] = releaseNamespace, ["Service"] = "Helm" },
            ["Chart"] = new JsonObject
            {
                ["Name"] = chart["name"]?.DeepClone(),
                ["Version"] = chart["version"]?.DeepClone(),
                ["AppVersion"] = chart["appVersion"]?.DeepClone(),
            },
        };
    }

    /// <summary>Every object the chart's templates render, in file order (as <c>helm template</c> lists them).</summary>
    public List<JsonObject> RenderObjects()
    {
        var objects = new List<JsonObject>();
        foreach (var file in Directory.GetFiles(Path.Combine(_chartDirectory, "templates"), "*.yaml").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith('_'))
            {
                continue;
            }

            objects.AddRange(Yaml.Documents(Render(File.ReadAllText(file), Path.GetFileName(file))));
        }

        return objects;
    }

    /// <summary>The text of one template.</summary>
    public string Render(string template, string name = "template")
    {
        var nodes = Parse(Lex(template, name), name);
        var output = new StringBuilder();
        Execute(nodes, _root, output, name);
        return output.ToString();
    }

    private static void Merge(JsonObject target, JsonObject overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Merge(existing, nested);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    // ---- Lexing: text and actions, with Go's trim markers applied. ----

    private abstract record Token;

    private sealed record TextToken(string Text) : Token;

    private sealed record ActionToken(string Body) : Token;

    private static List<Token> Lex(string text, string name)
    {
        var tokens = new List<Token>();
        var position = 0;
        var trimNext = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var literal = open < 0 ? text[position..] : text[position..open];
            if (trimNext)
            {
                literal = literal.TrimStart();
            }

            if (open < 0)
            {
                tokens.Add(new TextToken(literal));
                break;
            }

            var bodyStart = open + 2;
            if (text.AsSpan(bodyStart).StartsWith("- "))
            {
                literal = literal.TrimEnd();
                bodyStart += 2;
            }

            tokens.Add(new TextToken(literal));
            var close = FindClose(text, bodyStart, name);
            var body = text[bodyStart..close];
            trimNext = body.EndsWith(" -", StringComparison.Ordinal);
            if (trimNext)
            {
                body = body[..^2];
            }

            tokens.Add(new ActionToken(body.Trim()));
            position = close + 2;
        }

        return tokens;
    }

    private static int FindClose(string text, int from, string name)
    {
        for (var i = from; i < text.Length - 1; i++)
        {
            switch (text[i])
            {
                case '`':
                    i = text.IndexOf('`', i + 1);
                    if (i < 0)
                    {
                        throw new FormatException($"{name}: unterminated raw string");
                    }

                    break;
                case '"':
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        i += text[i] == '\\' ? 2 : 1;
                    }

                    break;
                case '}' when text[i + 1] == '}':
                    return i;
            }
        }

        throw new FormatException($"{name}: an action opened with {{{{ is never closed");
    }

    // ---- Parsing into a tree of text, output, if and range. ----

    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record OutputNode(string Pipeline) : Node;

    private sealed record IfNode(string Condition, List<Node> Then, List<Node> Else) : Node;

    private sealed record RangeNode(string Pipeline, List<Node> Body) : Node;

    private static List<Node> Parse(List<Token> tokens, string name)
    {
        var index = 0;
        var nodes = ParseBlock(tokens, ref index, name, out var terminator);
        return terminator is null ? nodes : throw new FormatException($"{name}: unexpected {{{{ {terminator} }}}}");
    }

    private static List<Node> ParseBlock(List<Token> tokens, ref int index, string name, out string? terminator)
    {
        var nodes = new List<Node>();
        while (index < tokens.Count)
        {
            var token = tokens[index++];
            if (token is TextToken text)
            {
                nodes.Add(new TextNode(text.Text));
                continue;
            }

            var body = ((ActionToken)token).Body;
            if (body.StartsWith("/*", StringComparison.Ordinal) && body.EndsWith("*/", StringComparison.Ordinal))
            {
                continue;
            }

            if (body is "end" or "else")
            {
                terminator = body;
                return nodes;
            }

            if (body.StartsWith("if ", StringComparison.Ordinal))
            {
                var then = ParseBlock(tokens, ref index, name, out var end);
                var otherwise = new List<Node>();
                if (end == "else")
                {
                    otherwise = ParseBlock(tokens, ref index, name, out end);
                }

                nodes.Add(end == "end" ? new IfNode(body[3..].Trim(), then, otherwise) : throw new FormatException($"{name}: if without end"));
            }
            else if (body.StartsWith("range ", StringComparison.Ordinal))
            {
                var loop = ParseBlock(tokens, ref index, name, out var end);
                nodes.Add(end == "end" ? new RangeNode(body[6..].Trim(), loop) : throw new FormatException($"{name}: range without end"));
            }
            else if (Keyword().IsMatch(body))
            {
                throw new NotSupportedException($"{name}: {{{{ {body} }}}} is outside the template subset this renderer implements");
            }
            else
            {
                nodes.Add(new OutputNode(body));
            }
        }

        terminator = null;
        return nodes;
    }

    // ---- Execution. ----

    private void Execute(List<Node> nodes, JsonNode? dot, StringBuilder output, string name)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode action:
                    output.Append(Print(Evaluate(action.Pipeline, dot, name, missingIsError: true), action.Pipeline, name));
                    break;
                case IfNode branch:
                    Execute(IsTrue(Evaluate(branch.Condition, dot, name, missingIsError: false)) ? branch.Then : branch.Else, dot, output, name);
                    break;
                case RangeNode loop:
                    switch (Evaluate(loop.Pipeline, dot, name, missingIsError: false))
                    {
                        case null:
                            break;
                        case JsonArray items:
                            foreach (var item in items)
                            {
                                Execute(loop.Body, item, output, name);
                            }

                            break;
                        default:
                            throw new NotSupportedException($"{name}: range over {loop.Pipeline}, which is not a list");
                    }

                    break;
            }
        }
    }

    private JsonNode? Evaluate(string pipeline, JsonNode? dot, string name, bool missingIsError)
    {
        var commands = SplitPipeline(pipeline);
        JsonNode? value = null;
        for (var i = 0; i < commands.Count; i++)
        {
            var words = Words(commands[i]);
            var piped = i > 0;
            value = words[0] switch
            {
                "toYaml" => JsonValue.Create(ToYaml(piped ? value : Operand(Single(words, 1, name), dot, name, missingIsError))),
                "quote" => JsonValue.Create("\"" + Print(piped ? value : Operand(Single(words, 1, name), dot, name, missingIsError), pipeline, name).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""),
                "indent" or "nindent" when piped && words.Count == 2 => JsonValue.Create(
                    (words[0] == "nindent" ? "\n" : string.Empty) + Indent(Print(value, pipeline, name), int.Parse(words[1], CultureInfo.InvariantCulture))),
                ".Files.Get" when !piped && words.Count == 2 => JsonValue.Create(File.ReadAllText(Path.Combine(_chartDirectory, Unquote(words[1], name)))),
                _ when !piped && words.Count == 1 => Operand(words[0], dot, name, missingIsError),
                _ => throw new NotSupportedException($"{name}: \"{commands[i]}\" in {{{{ {pipeline} }}}} is outside the template subset this renderer implements"),
            };
        }

        return value;
    }

    private static string Single(List<string> words, int count, string name) =>
        words.Count == count + 1 ? words[1] : throw new NotSupportedException($"{name}: {words[0]} takes one argument here");

    private JsonNode? Operand(string word, JsonNode? dot, string name, bool missingIsError)
    {
        if (word.StartsWith('`') && word.EndsWith('`') && word.Length >= 2)
        {
            return JsonValue.Create(word[1..^1]);
        }

        if (word.StartsWith('"'))
        {
            return JsonValue.Create(Unquote(word, name));
        }

        if (word == ".")
        {
            return dot;
        }

        JsonNode? current;
        string path;
        if (word.StartsWith("$.", StringComparison.Ordinal))
        {
            current = _root;
            path = word[2..];
        }
        else if (word.StartsWith('.') && dot is JsonObject)
        {
            current = dot;
            path = word[1..];
        }
        else
        {
            throw new NotSupportedException($"{name}: \"{word}\" is outside the template subset this renderer implements");
        }

        foreach (var part in path.Split('.'))
        {
            if (current is not JsonObject map || !map.TryGetPropertyValue(part, out var next))
            {
                return missingIsError ? throw new KeyNotFoundException($"{name}: {word} is not set") : null;
            }

            current = next;
        }

        return current;
    }

    private static string Unquote(string word, string name) =>
        word.Length >= 2 && word[0] == '"' && word[^1] == '"'
            ? Regex.Unescape(word[1..^1])
            : throw new FormatException($"{name}: expected a string literal, got {word}");

    private static bool IsTrue(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject map => map.Count > 0,
        JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag,
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text.Length > 0,
        JsonValue scalar when scalar.TryGetValue<double>(out var number) => number != 0,
        _ => true,
    };

    private static string Print(JsonNode? value, string pipeline, string name) => value switch
    {
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        JsonValue scalar when scalar.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        JsonValue scalar => scalar.ToJsonString(),
        null => throw new KeyNotFoundException($"{name}: {{{{ {pipeline} }}}} has no value"),
        _ => throw new NotSupportedException($"{name}: {{{{ {pipeline} }}}} prints a map or list; pipe it through toYaml"),
    };

    private static string Indent(string text, int spaces)
    {
        var pad = new string(' ', spaces);
        return string.Join('\n', text.Split('\n').Select(line => pad + line));
    }

    private static List<string> SplitPipeline(string pipeline)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in pipeline)
        {
            if (quote is null && c == '|')
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            if (c is '"' or '`')
            {
                quote = quote == c ? null : quote ?? c;
            }

            current.Append(c);
        }

        parts.Add(current.ToString().Trim());
        return parts;
    }

    private static List<string> Words(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }

                continue;
            }

            if (c is '"' or '`')
            {
                quote = quote == c ? null : quote ?? c;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    // ---- toYaml: block YAML with sorted keys and no trailing newline, as Helm's toYaml writes it. ----

    internal static string ToYaml(JsonNode? value)
    {
        var lines = new List<string>();
        Emit(value, 0, lines);
        return string.Join('\n', lines);
    }

    private static void Emit(JsonNode? value, int indent, List<string> lines)
    {
        var pad = new string(' ', indent);
        switch (value)
        {
            case JsonObject { Count: 0 }:
                lines.Add(pad + "{}");
                break;
            case JsonArray { Count: 0 }:
                lines.Add(pad + "[]");
                break;
            case JsonObject map:
                foreach (var (key, child) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (child is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        lines.Add($"{pad}{ScalarText(JsonValue.Create(key))}:");
                        Emit(child, child is JsonArray ? indent : indent + 2, lines);
                    }
                    else
                    {
                        lines.Add($"{pad}{ScalarText(JsonValue.Create(key))}: {Inline(child)}");
                    }
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        var nested = new List<string>();
                        Emit(item, indent + 2, nested);
                        lines.Add(pad + "- " + nested[0][(indent + 2)..]);
                        lines.AddRange(nested.Skip(1));
                    }
                    else
                    {
                        lines.Add($"{pad}- {Inline(item)}");
                    }
                }

                break;
            default:
                lines.Add(pad + Inline(value));
                break;
        }
    }

    private static string Inline(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        _ => ScalarText(value.AsValue()),
    };

    private static string ScalarText(JsonValue value)
    {
        if (!value.TryGetValue<string>(out var text))
        {
            return value.ToJsonString();
        }

        // Plain only when YAML would read it back as the same string.
        return PlainSafe().IsMatch(text) && Yaml.Parse(text) is JsonValue read && read.TryGetValue<string>(out var back) && back == text
            ? text
            : System.Text.Json.JsonSerializer.Serialize(text);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_./][A-Za-z0-9_./ -]*$")]
    private static partial Regex PlainSafe();

    [GeneratedRegex(@"^(with|define|template|include|block|break|continue|else if|else with)\b")]
    private static partial Regex Keyword();
}
