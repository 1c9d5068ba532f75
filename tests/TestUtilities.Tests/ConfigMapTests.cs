using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Solvers.TestUtilities.Tests;

public sealed class ConfigMapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadNamespacedConfigMap_Existing_ReturnsDataAndMetadata()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("kube-system", "settings", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
        using var client = KubeClients.Create(server);

        var map = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", "kube-system", cancellationToken: Ct);

        Assert.Equal("ConfigMap", map.Kind);
        Assert.Equal("v1", map.ApiVersion);
        Assert.Equal("settings", map.Metadata.Name);
        Assert.Equal("kube-system", map.Metadata.NamespaceProperty);
        Assert.Equal(server.ResourceVersion, map.Metadata.ResourceVersion);
        Assert.NotNull(map.Metadata.Uid);
        Assert.NotNull(map.Metadata.CreationTimestamp);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, map.Data);
    }

    [Fact]
    public async Task ReadNamespacedConfigMap_Missing_Is404NotFoundStatus()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("x", "kube-system", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal(
            """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"configmaps \"x\" not found","reason":"NotFound","details":{"name":"x","kind":"configmaps"},"code":404}""" + "\n",
            error.Response.Content);
    }

    [Fact]
    public async Task SetConfigMap_SameData_KeepsTheResourceVersion()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "v" });
        var before = server.ResourceVersion;

        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal(before, server.ResourceVersion);
    }

    [Fact]
    public async Task ListNamespacedConfigMap_FieldSelector_ReturnsOnlyThatName()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("kube-system", "extension-apiserver-authentication", new Dictionary<string, string> { ["k"] = "v" });
        server.SetConfigMap("kube-system", "other", new Dictionary<string, string>());
        server.SetConfigMap("default", "extension-apiserver-authentication", new Dictionary<string, string>());
        using var client = KubeClients.Create(server);

        var list = await client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=extension-apiserver-authentication", cancellationToken: Ct);

        Assert.Equal("ConfigMapList", list.Kind);
        Assert.Equal(server.ResourceVersion, list.Metadata.ResourceVersion);
        var item = Assert.Single(list.Items);
        Assert.Equal("extension-apiserver-authentication", item.Metadata.Name);
        Assert.Equal("v", item.Data["k"]);
    }

    [Fact]
    public async Task ListNamespacedConfigMap_UnsupportedFieldLabel_Is400()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ListNamespacedConfigMapAsync("ns", fieldSelector: "spec.foo=bar", cancellationToken: Ct));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Response.StatusCode);
        Assert.Contains("field label not supported: spec.foo", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_FromResourceVersion_SeesModifiedAfterSetConfigMap()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("kube-system", "extension-apiserver-authentication", new Dictionary<string, string> { ["client-ca-file"] = "old" });
        using var client = KubeClients.Create(server);
        var list = await client.CoreV1.ListNamespacedConfigMapAsync("kube-system", fieldSelector: "metadata.name=extension-apiserver-authentication", cancellationToken: Ct);
        var errors = new List<Exception>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var events = new List<(WatchEventType Type, V1ConfigMap Object)>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in client.CoreV1.WatchListNamespacedConfigMapAsync("kube-system",
                allowWatchBookmarks: true, fieldSelector: "metadata.name=extension-apiserver-authentication",
                resourceVersion: list.Metadata.ResourceVersion, timeoutSeconds: 30, onError: errors.Add, cancellationToken: stop.Token))
            {
                events.Add(change);
                return;
            }
        }, Ct);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 1, "the watch to open");

        server.SetConfigMap("kube-system", "extension-apiserver-authentication", new Dictionary<string, string> { ["client-ca-file"] = "new" });
        await watching.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        var (type, map) = Assert.Single(events);
        Assert.Equal(WatchEventType.Modified, type);
        Assert.Equal("new", map.Data["client-ca-file"]);
        Assert.Equal(server.ResourceVersion, map.Metadata.ResourceVersion);
        Assert.Empty(errors);
        var call = Assert.Single(server.CallsTo("/api/v1/namespaces/kube-system/configmaps"), c => c.QueryValue("watch") == "true");
        Assert.Equal("30", call.QueryValue("timeoutSeconds"));
        Assert.Equal("true", call.QueryValue("allowWatchBookmarks"));
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_WithoutResourceVersion_StartsWithAddedThenDeleted()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "v" });
        using var client = KubeClients.Create(server);
        var events = new List<(WatchEventType Type, V1ConfigMap Object)>();

        var watching = Task.Run(async () =>
        {
            await foreach (var change in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", timeoutSeconds: 30, onError: e => Assert.Fail(e.ToString()), cancellationToken: Ct))
            {
                events.Add(change);
                if (change.Item1 == WatchEventType.Deleted)
                {
                    return;
                }
            }
        }, Ct);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 1, "the watch to open");
        server.DeleteConfigMap("ns", "m");
        await watching.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal([WatchEventType.Added, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(server.ResourceVersion, events[1].Object.Metadata.ResourceVersion);
        Assert.Equal("v", events[1].Object.Data["k"]);
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_ExpiredResourceVersion_ReportsA410ErrorEvent()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "1" });
        var old = server.ResourceVersion;
        server.SetConfigMap("ns", "m", new Dictionary<string, string> { ["k"] = "2" });
        server.CompactWatchHistory();
        using var client = KubeClients.Create(server);
        var errors = new List<Exception>();
        var events = 0;

        await foreach (var unused in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", resourceVersion: old, timeoutSeconds: 30, onError: errors.Add, cancellationToken: Ct))
        {
            events++;
        }

        Assert.Equal(0, events);
        var error = Assert.IsType<KubernetesException>(Assert.Single(errors));
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Equal($"too old resource version: {old} ({server.ResourceVersion})", error.Status.Message);
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_Bookmark_CarriesTheCurrentResourceVersion()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        V1ConfigMap? bookmark = null;

        var watching = Task.Run(async () =>
        {
            await foreach (var (type, map) in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", allowWatchBookmarks: true, resourceVersion: server.ResourceVersion,
                timeoutSeconds: 30, onError: e => Assert.Fail(e.ToString()), cancellationToken: Ct))
            {
                if (type == WatchEventType.Bookmark)
                {
                    bookmark = map;
                    return;
                }
            }
        }, Ct);
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 1, "the watch to open");
        server.SetSecret("elsewhere", "s", new Dictionary<string, byte[]>());   // moves the resourceVersion only
        server.SendBookmark();
        await watching.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(bookmark);
        Assert.Equal(server.ResourceVersion, bookmark.Metadata.ResourceVersion);
        Assert.Null(bookmark.Data);
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_TimeoutSecondsWithBookmarks_GetsAPreDeadlineBookmarkThenEndsCleanly()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        var errors = new List<Exception>();
        var types = new List<WatchEventType>();
        var started = DateTime.UtcNow;

        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", allowWatchBookmarks: true, resourceVersion: server.ResourceVersion,
            timeoutSeconds: 3, onError: errors.Add, cancellationToken: Ct))
        {
            types.Add(type);
        }

        // As the watch cache does: a bookmark two seconds before the deadline, then a clean end of stream.
        Assert.Equal([WatchEventType.Bookmark], types);
        Assert.Empty(errors);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(2.9), TimeSpan.FromSeconds(10));
        await KubeClients.EventuallyAsync(() => server.OpenWatchCount == 0, "the watch to close");
    }

    [Fact]
    public async Task WatchListNamespacedConfigMap_BookmarkInterval_SendsPeriodicBookmarks()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        server.WatchBookmarkInterval = TimeSpan.FromMilliseconds(200);
        using var client = KubeClients.Create(server);
        var bookmarks = 0;

        await foreach (var (type, _) in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", allowWatchBookmarks: true, resourceVersion: server.ResourceVersion,
            timeoutSeconds: 30, onError: e => Assert.Fail(e.ToString()), cancellationToken: Ct))
        {
            Assert.Equal(WatchEventType.Bookmark, type);
            if (++bookmarks == 3)
            {
                break;
            }
        }

        Assert.Equal(3, bookmarks);
    }

    /// <summary>Pins a KubernetesClient 21.0.8 behaviour: a watch stream that ends without a single line (what the
    /// real apiserver sends at <c>timeoutSeconds</c> when nothing happened and bookmarks are off) is not a clean
    /// end but an <see cref="HttpRequestException"/> thrown from the enumeration, past <c>onError</c>. Callers
    /// must catch it in their re-watch loop, or ask for bookmarks.</summary>
    [Fact]
    public async Task WatchListNamespacedConfigMap_EmptyStreamAtTimeout_KubernetesClientThrows_KnownPitfall()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var client = KubeClients.Create(server);
        var errors = new List<Exception>();

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var unused in client.CoreV1.WatchListNamespacedConfigMapAsync("ns", resourceVersion: server.ResourceVersion, timeoutSeconds: 1, onError: errors.Add, cancellationToken: Ct))
            {
                Assert.Fail("no event expected");
            }
        });

        Assert.IsType<EndOfStreamException>(error.InnerException);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task SetExtensionApiserverAuthentication_WritesTheKeysLikeTheKubeApiserver()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var clientCa = TestCertificates.CreateCa("kubernetes");
        using var frontProxyCa = TestCertificates.CreateCa("front-proxy-ca");
        using var expired = TestCertificates.CreateCa("old-front-proxy-ca", DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
        server.SetExtensionApiserverAuthentication(
            clientCa.ToPem(),
            frontProxyCa.ExportCertificatePem() + "\n" + expired.ToPem(),
            ["front-proxy-client"], ["X-Remote-User"], ["X-Remote-Group"], ["X-Remote-Extra-"]);
        using var client = KubeClients.Create(server);

        var map = await client.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system", cancellationToken: Ct);

        Assert.Equal(
            ["client-ca-file", "requestheader-allowed-names", "requestheader-client-ca-file", "requestheader-extra-headers-prefix",
             "requestheader-group-headers", "requestheader-uid-headers", "requestheader-username-headers"],
            map.Data.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(clientCa.ToPem(), map.Data["client-ca-file"]);
        Assert.Equal(frontProxyCa.ToPem(), map.Data["requestheader-client-ca-file"]);   // expired CA dropped, PEM re-encoded
        Assert.Equal("""["front-proxy-client"]""", map.Data["requestheader-allowed-names"]);
        Assert.Equal("""["X-Remote-User"]""", map.Data["requestheader-username-headers"]);
        Assert.Equal("""["X-Remote-Group"]""", map.Data["requestheader-group-headers"]);
        Assert.Equal("""["X-Remote-Extra-"]""", map.Data["requestheader-extra-headers-prefix"]);
        Assert.Equal("[]", map.Data["requestheader-uid-headers"]);
        Assert.Equal(["front-proxy-client"], JsonSerializer.Deserialize<string[]>(map.Data["requestheader-allowed-names"])!);
    }

    [Fact]
    public async Task SetExtensionApiserverAuthentication_WithoutRequestHeaderCa_WritesOnlyTheClientCa()
    {
        await using var server = await FakeKubeApiServer.StartAsync(cancellationToken: Ct);
        using var clientCa = TestCertificates.CreateCa("kubernetes");
        server.SetExtensionApiserverAuthentication(clientCa.ToPem(), null, ["front-proxy-client"], ["X-Remote-User"], ["X-Remote-Group"], ["X-Remote-Extra-"]);
        using var client = KubeClients.Create(server);

        var map = await client.CoreV1.ReadNamespacedConfigMapAsync("extension-apiserver-authentication", "kube-system", cancellationToken: Ct);

        Assert.Equal(["client-ca-file"], map.Data.Keys);
    }
}
