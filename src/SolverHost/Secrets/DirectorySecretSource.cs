using Solvers.Abstractions;

namespace Solvers.SolverHost.Secrets;

/// <summary>Standalone secrets from a folder laid out like mounted Secrets: <c>&lt;dir&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;key&gt;</c>.</summary>
internal sealed class DirectorySecretSource(string root) : ISecretSource
{
    private readonly string _root = Path.GetFullPath(root);

    public ISecretReader ForNamespace(string resourceNamespace) => new Reader(_root, resourceNamespace);

    private sealed class Reader(string root, string resourceNamespace) : ISecretReader
    {
        public string ResourceNamespace => resourceNamespace;

        public async Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken)
        {
            var where = SecretNames.Check(resourceNamespace, reference);
            var secretFolder = Path.Combine(root, resourceNamespace, reference.Name);
            if (!Directory.Exists(secretFolder))
            {
                throw new SecretNotFoundException($"{where}: Secret {reference.Name} not found in namespace {resourceNamespace}");
            }

            var path = Path.Combine(secretFolder, reference.Key);
            try
            {
                return await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (FileNotFoundException)
            {
                throw new SecretNotFoundException($"{where}: Secret {reference.Name} has no key {reference.Key}");
            }
            catch (UnauthorizedAccessException)
            {
                throw new SecretNotFoundException($"{where}: the host may not read this key's file");
            }
        }
    }
}
