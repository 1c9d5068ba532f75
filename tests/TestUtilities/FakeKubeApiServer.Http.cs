using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Solvers.TestUtilities.Internal;

namespace Solvers.TestUtilities;

/// <summary>The request pipeline: authenticate, record, inject faults, authorize, route.</summary>
public sealed partial class FakeKubeApiServer
{
    private const int DefaultWatchTimeoutSeconds = 1800;

    [GeneratedRegex("^/api/v1/(?<watch>watch/)?namespaces/(?<ns>[^/]+)/(?<resource>[^/]+)(?:/(?<name>[^/]+))?$")]
    private static partial Regex NamespacedPath();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = string.Empty;
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var user = Authenticate(request.Headers.Authorization);
        lock (_gate)
        {
            _calls.Add(new RecordedCall(request.Method, request.Path.Value ?? "/", request.Path.Value + request.QueryString.Value, body, user?.Username, _time.GetUtcNow()));
        }

        context.Response.Headers["Audit-Id"] = Guid.NewGuid().ToString();
        context.Response.Headers.CacheControl = "no-cache, private";

        if (await FailOrDelayAsync(context))
        {
            return;
        }

        if (user is null)
        {
            await WriteStatusAsync(context, KubeStatus.Unauthorized());
            return;
        }

        if (!AcceptsJson(request.Headers.Accept))
        {
            await WriteStatusAsync(context, KubeStatus.NotAcceptable());
            return;
        }

        var path = request.Path.Value ?? "/";
        switch (path)
        {
            case "/apis/authentication.k8s.io/v1/tokenreviews":
                await CreateReviewAsync(context, user, body, TokenReviewCodec.Group, TokenReviewCodec.Resource, HandleTokenReview);
                return;
            case "/apis/authorization.k8s.io/v1/subjectaccessreviews":
                await CreateReviewAsync(context, user, body, SubjectAccessReviewCodec.Group, SubjectAccessReviewCodec.Resource, HandleSubjectAccessReview);
                return;
            case "/version":
                await ServeVersionAsync(context);
                return;
        }

        var match = NamespacedPath().Match(path);
        if (match.Success && ResourceType.FromName(match.Groups["resource"].Value) is { } type)
        {
            await ServeCoreResourceAsync(context, user, type, match.Groups["ns"].Value,
                match.Groups["name"].Success ? match.Groups["name"].Value : null, match.Groups["watch"].Success);
            return;
        }

        await WriteStatusAsync(context, KubeStatus.PathNotFound());
    }

    /// <summary>The user behind <c>Authorization: Bearer &lt;token&gt;</c>, or null. Like the apiserver's bearer
    /// authenticator: scheme case-insensitive, exactly one token after it.</summary>
    private KubeUser? Authenticate(StringValues authorization)
    {
        var value = authorization.ToString().Trim();
        var parts = value.Split(' ', 3);
        if (parts.Length < 2 || !string.Equals(parts[0], "bearer", StringComparison.OrdinalIgnoreCase) || parts[1].Length == 0)
        {
            return null;
        }

        lock (_gate)
        {
            return _tokens.TryGetValue(parts[1], out var registered) ? registered.User : null;
        }
    }

    /// <summary>Applies <see cref="Down"/> and <see cref="Delay"/>; true when the request is finished.</summary>
    private async Task<bool> FailOrDelayAsync(HttpContext context)
    {
        if (await FailIfDownAsync(context))
        {
            return true;
        }

        var delay = Delay;
        if (delay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(delay, _time, linked.Token);
            }
            catch (OperationCanceledException)
            {
                context.Abort();
                return true;
            }

            return await FailIfDownAsync(context);
        }

        return false;
    }

    private async Task<bool> FailIfDownAsync(HttpContext context)
    {
        bool down;
        DownMode mode;
        lock (_gate)
        {
            down = _down;
            mode = _downMode;
        }

        if (!down)
        {
            return false;
        }

        if (mode == DownMode.Abort)
        {
            context.Abort();
        }
        else
        {
            await WriteStatusAsync(context, KubeStatus.ServiceUnavailable());
        }

        return true;
    }

    /// <summary>Real clients send no Accept, <c>application/json</c>, or protobuf with JSON as a fallback.</summary>
    private static bool AcceptsJson(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept))
        {
            return true;
        }

        foreach (var entry in accept.ToString().Split(','))
        {
            var mediaType = entry.Split(';')[0].Trim();
            if (mediaType is "application/json" or "application/*" or "*/*")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Runs the authorizer for a request to the fake itself; null when allowed.</summary>
    private KubeStatus? AuthorizeCall(KubeUser user, string verb, string group, string resource, string? namespaceName, string? name)
    {
        bool enforce;
        lock (_gate)
        {
            enforce = _authorizeRequests;
            if (resource == ResourceType.Secrets.Name && namespaceName is not null && _forbiddenSecretNamespaces.Contains(namespaceName))
            {
                return KubeStatus.Forbidden(group, resource, name, ForbiddenReason(user, verb, group, resource, namespaceName));
            }
        }

        if (!enforce)
        {
            return null;
        }

        var attributes = new SubjectAccessReviewRequest(user.Username, user.Uid, user.Groups, user.Extra,
            new ResourceAttributes(namespaceName, verb, group.Length == 0 ? null : group, "v1", resource, null, name), null);
        var answer = DefaultSubjectAccessReview(attributes);
        if (answer.Allowed)
        {
            return null;
        }

        var reason = ForbiddenReason(user, verb, group, resource, namespaceName);
        return KubeStatus.Forbidden(group, resource, name, string.IsNullOrEmpty(answer.Reason) ? reason : $"{reason}: {answer.Reason}");
    }

    /// <summary><c>forbiddenMessage</c> of the apiserver's authorization filter.</summary>
    private static string ForbiddenReason(KubeUser user, string verb, string group, string resource, string? namespaceName) =>
        namespaceName is null
            ? $"User \"{user.Username}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" at the cluster scope"
            : $"User \"{user.Username}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" in the namespace \"{namespaceName}\"";

    private async Task CreateReviewAsync(HttpContext context, KubeUser user, string body, string group, string resource, Func<HttpContext, string, KubeResponse> handle)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WriteStatusAsync(context, KubeStatus.MethodNotAllowed());
            return;
        }

        if (AuthorizeCall(user, "create", group, resource, null, null) is { } forbidden)
        {
            await WriteStatusAsync(context, forbidden);
            return;
        }

        KubeResponse response;
        try
        {
            response = handle(context, body);
        }
#pragma warning disable CA1031 // A failing test handler must become a 500 Status, as a panicking handler does in the apiserver.
        catch (Exception e)
#pragma warning restore CA1031
        {
            response = KubeResponse.From(KubeStatus.InternalError(e.Message));
        }

        foreach (var warning in response.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        await WriteJsonAsync(context, response.StatusCode, response.Body);
    }

    private KubeResponse HandleTokenReview(HttpContext context, string body)
    {
        var decoded = DecodedBody.Decode(body, context.Request.ContentType, context.Request.Query["fieldValidation"], TokenReviewCodec.Group, TokenReviewCodec.Version,
            TokenReviewCodec.Kind, OpenApiSchemas.Authentication, TokenReviewCodec.Schema);
        if (decoded.Error is { } error)
        {
            return KubeResponse.From(error);
        }

        var request = TokenReviewCodec.Read(decoded.Root);
        if (request.Token.Length == 0)
        {
            return KubeResponse.From(KubeStatus.BadRequest("token is required for TokenReview in authentication"), decoded.Warnings);
        }

        Func<TokenReviewRequest, TokenReviewAnswer> handler;
        IReadOnlyList<string> apiAudiences;
        lock (_gate)
        {
            _tokenReviews.Add(request);
            handler = _tokenReviewHandler;
            apiAudiences = _apiAudiences;
        }

        var answer = handler(request) ?? throw new InvalidOperationException("the TokenReview handler returned null");
        var audiences = answer.Audiences ?? (request.Audiences.Count > 0 ? request.Audiences : apiAudiences);
        return new KubeResponse(StatusCodes.Status201Created, TokenReviewCodec.Write(decoded.Root, request, answer, audiences), decoded.Warnings);
    }

    private KubeResponse HandleSubjectAccessReview(HttpContext context, string body)
    {
        var decoded = DecodedBody.Decode(body, context.Request.ContentType, context.Request.Query["fieldValidation"], SubjectAccessReviewCodec.Group, SubjectAccessReviewCodec.Version,
            SubjectAccessReviewCodec.Kind, OpenApiSchemas.Authorization, SubjectAccessReviewCodec.Schema);
        if (decoded.Error is { } error)
        {
            return KubeResponse.From(error);
        }

        var request = SubjectAccessReviewCodec.Read(decoded.Root);
        Func<SubjectAccessReviewRequest, SubjectAccessReviewAnswer> handler;
        lock (_gate)
        {
            _subjectAccessReviews.Add(request);
            handler = _subjectAccessReviewHandler;
        }

        var errors = SubjectAccessReviewCodec.Validate(request);
        if (errors.Count > 0)
        {
            // The decoded internal object has an empty Kind, so the qualified kind reads ".authorization.k8s.io".
            return KubeResponse.From(KubeStatus.Invalid(SubjectAccessReviewCodec.Group, string.Empty, string.Empty, errors), decoded.Warnings);
        }

        var answer = handler(request) ?? throw new InvalidOperationException("the SubjectAccessReview handler returned null");
        if (answer.Allowed && answer.Denied)
        {
            throw new InvalidOperationException("a SubjectAccessReview answer may not be both allowed and denied");
        }

        return new KubeResponse(StatusCodes.Status201Created, SubjectAccessReviewCodec.Write(decoded.Root, request, answer), decoded.Warnings);
    }

    private static async Task ServeVersionAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WriteStatusAsync(context, KubeStatus.MethodNotAllowed());
            return;
        }

        var body = KubeJson.Document(w =>
        {
            w.WriteStartObject();
            w.WriteString("major", "1");
            w.WriteString("minor", "34");
            w.WriteString("emulationMajor", "1");
            w.WriteString("emulationMinor", "34");
            w.WriteString("minCompatibilityMajor", "1");
            w.WriteString("minCompatibilityMinor", "33");
            w.WriteString("gitVersion", "v1.34.0");
            w.WriteString("gitCommit", "0000000000000000000000000000000000000000");
            w.WriteString("gitTreeState", "clean");
            w.WriteString("buildDate", "2025-08-27T00:00:00Z");
            w.WriteString("goVersion", "go1.24.6");
            w.WriteString("compiler", "gc");
            w.WriteString("platform", "linux/amd64");
            w.WriteEndObject();
        });
        await WriteJsonAsync(context, StatusCodes.Status200OK, body);
    }

    private async Task ServeCoreResourceAsync(HttpContext context, KubeUser user, ResourceType type, string namespaceName, string? name, bool legacyWatchPath)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await WriteStatusAsync(context, KubeStatus.MethodNotAllowed());
            return;
        }

        var query = context.Request.Query;
        var watch = legacyWatchPath || ParseBool(query["watch"]);
        var verb = watch ? "watch" : name is null ? "list" : "get";
        if (AuthorizeCall(user, verb, string.Empty, type.Name, namespaceName, name) is { } forbidden)
        {
            await WriteStatusAsync(context, forbidden);
            return;
        }

        if (!watch && name is not null)
        {
            var item = _store.Get(type, namespaceName, name);
            if (item is null)
            {
                await WriteStatusAsync(context, KubeStatus.NotFound(string.Empty, type.Name, name));
                return;
            }

            await WriteJsonAsync(context, StatusCodes.Status200OK, KubeJson.Document(w => item.WriteTo(w, includeTypeMeta: true)));
            return;
        }

        if (!StringValues.IsNullOrEmpty(query["labelSelector"]))
        {
            await WriteStatusAsync(context, KubeStatus.BadRequest("the fake kube-apiserver does not support labelSelector"));
            return;
        }

        var selectorText = name is null ? query["fieldSelector"].ToString() : $"metadata.name={name}";
        var selector = FieldSelector.Parse(selectorText, type, out var selectorError);
        if (selector is null)
        {
            await WriteStatusAsync(context, KubeStatus.BadRequest(selectorError!));
            return;
        }

        if (watch)
        {
            await ServeWatchAsync(context, type, namespaceName, selector);
            return;
        }

        var (items, resourceVersion) = _store.List(type, namespaceName, selector);
        var list = KubeJson.Document(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", type.ListKind);
            w.WriteString("apiVersion", "v1");
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var item in items)
            {
                item.WriteTo(w, includeTypeMeta: false);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
        await WriteJsonAsync(context, StatusCodes.Status200OK, list);
    }

    /// <summary>
    /// A watch stream, <c>application/json</c> with one event per line, flushed per event. resourceVersion unset
    /// or "0": ADDED for existing objects first (unless <c>sendInitialEvents=false</c>); a number: events after it,
    /// or one ERROR event with a 410 Expired Status when it is older than the history. With
    /// <c>allowWatchBookmarks</c>, BOOKMARKs every <see cref="WatchBookmarkInterval"/> and two seconds before the
    /// deadline. Ends cleanly after <c>timeoutSeconds</c> (default 1800), aborts when the fake goes <see cref="Down"/>.
    /// </summary>
    private async Task ServeWatchAsync(HttpContext context, ResourceType type, string namespaceName, FieldSelector selector)
    {
        var query = context.Request.Query;
        var allowBookmarks = ParseBool(query["allowWatchBookmarks"]);
        bool? sendInitialEvents = StringValues.IsNullOrEmpty(query["sendInitialEvents"]) ? null : ParseBool(query["sendInitialEvents"]);
        var timeoutSeconds = DefaultWatchTimeoutSeconds;
        if (!StringValues.IsNullOrEmpty(query["timeoutSeconds"])
            && (!int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out timeoutSeconds)))
        {
            await WriteStatusAsync(context, KubeStatus.BadRequest($"invalid timeoutSeconds: {query["timeoutSeconds"]}"));
            return;
        }

        var resourceVersionText = query["resourceVersion"].ToString();
        long? from = null;
        if (resourceVersionText.Length > 0)
        {
            if (!long.TryParse(resourceVersionText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await WriteStatusAsync(context, KubeStatus.BadRequest($"invalid resource version: {resourceVersionText}"));
                return;
            }

            from = parsed == 0 ? null : parsed;
        }

        // Unset or "0" means "start from the current state": initial ADDED events unless sendInitialEvents=false.
        var initial = sendInitialEvents ?? from is null;
        var start = _store.StartWatch(type, namespaceName, selector, from, initial, allowBookmarks, sendInitialEvents == true);

        CancellationToken downToken;
        lock (_gate)
        {
            downToken = _downSignal.Token;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        if (start.Error is { } error)
        {
            await context.Response.Body.WriteAsync(new WatchEvent(WatchEvent.Failure, type, null, 0, Error: error).ToJson(), context.RequestAborted);
            return;
        }

        var watch = start.Subscription!;
        var deadline = _time.GetUtcNow().AddSeconds(timeoutSeconds);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeout.Token, _stopping.Token, downToken);
        var nextBookmark = allowBookmarks ? NextBookmark(deadline, previous: null) : null;
        try
        {
            while (true)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                if (nextBookmark is { } due)
                {
                    wait.CancelAfter(due - _time.GetUtcNow() is { Ticks: > 0 } left ? left : TimeSpan.Zero);
                }

                bool open;
                try
                {
                    open = await watch.Events.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!linked.IsCancellationRequested)
                {
                    _store.Bookmark(watch);
                    nextBookmark = NextBookmark(deadline, nextBookmark);
                    continue;
                }

                if (!open)
                {
                    break;
                }

                while (watch.Events.TryRead(out var watchEvent))
                {
                    await context.Response.Body.WriteAsync(watchEvent.ToJson(), linked.Token);
                }

                await context.Response.Body.FlushAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            if (downToken.IsCancellationRequested)
            {
                context.Abort();
            }

            // Timeout or shutdown: end the stream cleanly, as the apiserver does at timeoutSeconds.
        }
        finally
        {
            _store.StopWatch(watch);
        }
    }

    /// <summary>The watch cache's <c>nextBookmarkTime</c>: one interval from now, or two seconds before the
    /// deadline if that is sooner and not yet sent (<paramref name="previous"/>, as timers may fire a little
    /// early); none once that moment has passed.</summary>
    private DateTimeOffset? NextBookmark(DateTimeOffset deadline, DateTimeOffset? previous)
    {
        var now = _time.GetUtcNow();
        var next = now + WatchBookmarkInterval;
        var beforeDeadline = deadline.AddSeconds(-2);
        if (beforeDeadline < next && (previous is null || beforeDeadline > previous))
        {
            next = beforeDeadline;
        }

        return next < now ? null : next;
    }

    /// <summary>Go's <c>strconv.ParseBool</c> truths.</summary>
    private static bool ParseBool(StringValues value) => value.ToString() is "1" or "t" or "T" or "true" or "TRUE" or "True";

    private static Task WriteStatusAsync(HttpContext context, KubeStatus status) => WriteJsonAsync(context, status.Code, status.ToJson());

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, byte[] body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
