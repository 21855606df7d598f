using VxMesh.Core.Loading;
using VxMesh.Core.Planning;
using VxMesh.Core.Tests.Support;

namespace VxMesh.Core.Tests.Planning;

/// <summary>examples/seed-000.yaml, through the loader, plans exactly what the in-code article mesh does.</summary>
public class Seed000FileTests
{
    [Fact]
    public void LoadFile_Seed000_SameInventoryAsTheInCodeArticleMesh()
    {
        var built = ArticleMesh.Build();

        var loaded = InventoryLoader.LoadFile(RepoFiles.Path("examples/seed-000.yaml"));

        Assert.True(loaded.Ok, string.Join("; ", loaded.Problems));
        Assert.Equal(built, loaded.Inventory! with { Source = built.Source });
    }

    [Fact]
    public void PlanAll_Seed000File_EqualsPlansOfTheInCodeArticleMesh()
    {
        var loaded = InventoryLoader.LoadFile(RepoFiles.Path("examples/seed-000.yaml"));
        Assert.True(loaded.Ok, string.Join("; ", loaded.Problems));

        var fromFile = Planner.PlanAll(loaded.Inventory!);

        Assert.Equal(6, fromFile.Count);
        Assert.Equal(Planner.PlanAll(ArticleMesh.Build()), fromFile);
    }
}
