using System.CommandLine;
using VxMesh.Cli.Commands;
using VxMesh.Cli.Common;

var root = new RootCommand(
    "VxMesh gives the pods of several Kubernetes clusters one flat network: a pod reaches a pod in another\n" +
    "cluster by its pod IP, source IP kept. It plans a VXLAN mesh from an inventory, keeps each node's kernel\n" +
    "matching the plan, proves it with real packets and measures it.\n\n" +
    "Start with `vxmesh plan -f examples/seed-000.yaml`, or `vxmesh demo` for the whole story.");
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(LabCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(RegistryCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(ControllerCommand.Create());
return await CliRunner.RunAsync(root, args);
