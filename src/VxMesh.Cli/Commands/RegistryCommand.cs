using System.CommandLine;
using Grpc.Core;
using VxMesh.Agent.Registry.Etcd;
using VxMesh.Cli.Common;
using VxMesh.Cli.Output;
using VxMesh.Core.Loading;
using VxMesh.Core.Rendering;

namespace VxMesh.Cli.Commands;

/// <summary>`vxmesh registry load|show`: the mesh settings and clusters in etcd (docs/registry.md).</summary>
public static class RegistryCommand
{
    public const string DefaultEtcd = "http://127.0.0.1:2379";

    public static Command Create() =>
        new("registry",
            "The etcd registry: mesh settings and clusters under a key prefix (default /vxmesh/), one key per node\n" +
            "written by that node's agent on a liveness lease, and VTEP address allocations. See docs/registry.md.")
        {
            CreateLoad(),
            CreateShow(),
            CreateRelease(),
            RegistryAuthCommand.Create(),
        };

    /// <summary>--etcd URL[,URL...]; default $VXMESH_ETCD, else etcd's own default client URL.</summary>
    public static Option<string> EtcdOption() => new("--etcd")
    {
        Description = $"etcd client URL(s), comma-separated (default: $VXMESH_ETCD or {DefaultEtcd})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VXMESH_ETCD") is { Length: > 0 } env ? env : DefaultEtcd,
    };

    public static Option<string> PrefixOption() => new("--prefix")
    {
        Description = $"Key prefix of the mesh in etcd (default {RegistryKeys.DefaultPrefix})",
        DefaultValueFactory = _ => RegistryKeys.DefaultPrefix,
    };

    /// <summary>
    /// Opens the connection and keys, turning malformed flags into exit 2 and etcd failures into one
    /// clear line (exit 1) that names the endpoint without any password.
    /// </summary>
    public static async Task<int> WithEtcdAsync(string url, EtcdCredentials credentials, string prefix, Func<EtcdConnection, RegistryKeys, Task<int>> action)
    {
        RegistryKeys keys;
        EtcdConnection etcd;
        try
        {
            keys = new RegistryKeys(prefix);
            etcd = EtcdConnection.Create(url, credentials);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        using (etcd)
        {
            try
            {
                return await action(etcd, keys);
            }
            catch (RpcException e) when (EtcdConnection.IsDenied(e))
            {
                throw new InvalidOperationException(
                    $"etcd at {etcd.Endpoint} refused the request: {e.StatusCode} ({e.Status.Detail}); authenticated with {etcd.Identity} — see `vxmesh registry auth --help`");
            }
            catch (RpcException e)
            {
                throw new InvalidOperationException($"etcd at {etcd.Endpoint} failed the request: {e.StatusCode} ({e.Status.Detail})");
            }
        }
    }

    private static Command CreateLoad()
    {
        var file = CommonOptions.InventoryFile();
        var etcd = EtcdOption();
        var prefix = PrefixOption();
        var withNodes = new Option<bool>("--with-nodes")
        {
            Description = "Also write the file's nodes, as static registrations without a lease (they never expire; a later\n" +
                          "load overwrites them; nodes whose own agent is registered are left alone)",
        };
        var output = CommonOptions.Output();
        var credentials = new EtcdCredentialOptions();
        var command = new Command("load",
            "Validate an inventory and write its mesh settings and clusters to etcd in one transaction, replacing\n" +
            "what was there (clusters missing from the file are removed). Node registrations are never touched:\n" +
            "agents register their own nodes, so clusters may list no nodes here; the file's nodes are ignored\n" +
            "unless --with-nodes. An invalid file writes nothing (exit 2).\n\n" +
            "Examples:\n" +
            "  vxmesh registry load -f mesh.yaml --etcd http://10.0.0.5:2379\n" +
            "  vxmesh registry load -f examples/seed-000.yaml --with-nodes")
        {
            file, etcd, prefix, withNodes, output,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
        {
            var path = parse.GetValue(file)!.ToString();
            if (InputText.Read(path, "inventory", InputLimits.Default, out var unreadable) is not { } text)
            {
                InventoryInput.Report(path, [unreadable!]);
                return ExitCodes.InvalidInput;
            }
            var result = await RegistryLoader.LoadAsync(client, keys, text, path, parse.GetValue(withNodes), null, cancel);
            if (result.Problems.Count > 0)
            {
                InventoryInput.Report(path, result.Problems);
                return ExitCodes.InvalidInput;
            }
            if (result.Conflicts.Count > 0)
            {
                Console.Error.WriteLine($"vxmesh: the registry at {client.Description}{keys.Prefix} refuses {path}; nothing was written:");
                result.Conflicts.ToList().ForEach(c => Console.Error.WriteLine($"  {c}"));
                return ExitCodes.Failure;
            }
            var source = client.Description + keys.Prefix;
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(new
                {
                    source,
                    result.Revision,
                    result.Clusters,
                    result.RemovedClusters,
                    result.StaticNodes,
                    result.SkippedNodes,
                }));
            }
            else
            {
                StatusRegistryTable.WriteLoad(source, result);
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateRelease()
    {
        var etcd = EtcdOption();
        var prefix = PrefixOption();
        var cluster = new Option<string>("--cluster") { Description = "The node's cluster", Required = true };
        var node = new Option<string>("--node") { Description = "The node gone for good", Required = true };
        var output = CommonOptions.Output();
        var credentials = new EtcdCredentialOptions();
        var command = new Command("release",
            "Free what a node that is gone for good still holds — its claim (pod blocks, underlay address, VTEP\n" +
            "address and MAC, reserved for a grace period after it left) and its VTEP allocations — so another\n" +
            "node may use them at once. A node that is still registered is refused (exit 1): stop it first.\n\n" +
            "Example:\n" +
            "  vxmesh registry release --cluster test-cluster2 --node multicluster-test-003")
        {
            etcd, prefix, cluster, node, output,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
        {
            var (c, n) = (parse.GetValue(cluster)!, parse.GetValue(node)!);
            if (await EtcdReads.GetAsync(client, keys.Node(c, n), cancel) is not null)
            {
                Console.Error.WriteLine($"vxmesh: {keys.Node(c, n)} is registered: the node is still there; stop it (or `vxmesh agent --uninstall` on it) first; nothing released");
                return ExitCodes.Failure;
            }
            var released = await RegistryRelease.ReleaseAsync(client, keys, c, n, cancel);
            if (parse.GetValue(output) == "json")
            {
                Console.WriteLine(JsonFormat.Serialize(new { cluster = c, node = n, released }));
            }
            else
            {
                Console.WriteLine(released.Count == 0 ? $"{c}/{n} held nothing" : $"released {c}/{n}: {string.Join(", ", released)}");
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateShow()
    {
        var etcd = EtcdOption();
        var prefix = PrefixOption();
        var output = new Option<string>("--output", "-o")
        {
            Description = "table: every key; json: the decoded records and the assembly; yaml: the inventory the agents validate",
            DefaultValueFactory = _ => "table",
        };
        output.AcceptOnlyFromAmong("table", "json", "yaml");
        var credentials = new EtcdCredentialOptions();
        var command = new Command("show",
            "Show the registry raw: every key under the prefix with its lease and revision, the decoded records, and\n" +
            "the inventory they assemble into (-o yaml prints it: save it and `vxmesh plan -f` it). Exit 1 when the\n" +
            "registry does not assemble into a valid inventory.")
        {
            etcd, prefix, output,
        };
        credentials.AddTo(command);
        command.SetAction((parse, cancel) => WithEtcdAsync(parse.GetValue(etcd)!, credentials.Read(parse), parse.GetValue(prefix)!, async (client, keys) =>
        {
            var source = client.Description + keys.Prefix;
            var contents = await EtcdReads.ReadContentsAsync(client, keys, cancel);
            var assembled = InventoryAssembler.Assemble(contents, keys, source);
            switch (parse.GetValue(output))
            {
                case "yaml" when assembled.Yaml is not null:
                    Console.Write(assembled.Yaml);
                    break;
                case "yaml":
                    ProblemReport.Bounded(assembled.Problems).ToList().ForEach(p => Console.Error.WriteLine($"vxmesh: {p}"));
                    break;
                case "json":
                    Console.WriteLine(JsonFormat.Serialize(StatusRegistryTable.ShowModel(source, contents, assembled)));
                    break;
                default:
                    StatusRegistryTable.WriteShow(source, keys, contents, assembled);
                    break;
            }
            return assembled.Inventory is null ? ExitCodes.Failure : ExitCodes.Ok;
        }));
        return command;
    }
}
