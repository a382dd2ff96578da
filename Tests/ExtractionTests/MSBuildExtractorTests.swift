import XCTest
@testable import Extraction

final class MSBuildExtractorTests: XCTestCase {
    typealias Row = ReferenceRow
    let prereqs = "mcr.microsoft.com/dotnet-buildtools/prereqs"

    func testContainerBaseImageResolvesPropertiesOfTheSameFile() {
        let project = """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <BaseRegistry>mcr.microsoft.com</BaseRegistry>
                <BaseTag>10.0-azurelinux3.0</BaseTag>
                <ContainerBaseImage>$(BaseRegistry)/dotnet/runtime:$(BaseTag)</ContainerBaseImage>
              </PropertyGroup>
              <!-- <ContainerBaseImage>mcr.microsoft.com/commented/out:1</ContainerBaseImage> -->
              <PropertyGroup Condition="'$(Configuration)' == 'Debug'">
                <ContainerBaseImage>
                  mcr.microsoft.com/dotnet/sdk:10.0
                </ContainerBaseImage>
              </PropertyGroup>
            </Project>
            """
        XCTAssertEqual(TestBranch.rows(["src/App/App.csproj": project]), [
            Row("src/App/App.csproj", 6, "msbuild/container-base-image", "Project/PropertyGroup/ContainerBaseImage",
                raw: "$(BaseRegistry)/dotnet/runtime:$(BaseTag)", image: "mcr.microsoft.com/dotnet/runtime:10.0-azurelinux3.0"),
            Row("src/App/App.csproj", 11, "msbuild/container-base-image",
                "Project/PropertyGroup/ContainerBaseImage (Condition: '$(Configuration)' == 'Debug')",
                raw: "mcr.microsoft.com/dotnet/sdk:10.0", image: "mcr.microsoft.com/dotnet/sdk:10.0"),
        ])
    }

    func testPropertiesThatAreNotSimpleLeaveTheImageUnresolvedWithAReason() {
        let project = """
            <Project>
              <PropertyGroup>
                <Tag Condition="'$(OS)' == 'Windows_NT'">nanoserver</Tag>
                <Tag Condition="'$(OS)' != 'Windows_NT'">azurelinux3.0</Tag>
                <ContainerBaseImage>mcr.microsoft.com/dotnet/runtime:$(Tag)</ContainerBaseImage>
              </PropertyGroup>
              <PropertyGroup>
                <ContainerBaseImage>$(ImportedImage)</ContainerBaseImage>
              </PropertyGroup>
              <PropertyGroup>
                <ContainerBaseImage>$(MSBuildProjectName.ToLower())</ContainerBaseImage>
              </PropertyGroup>
            </Project>
            """
        let references = TestBranch.references(["Directory.Build.props": project])
        XCTAssertEqual(references.map(\.line), [5, 8, 11])
        XCTAssertEqual(references.map(\.resolved), [false, false, false])
        XCTAssertEqual(references.map(\.raw),
                       ["mcr.microsoft.com/dotnet/runtime:$(Tag)", "$(ImportedImage)", "$(MSBuildProjectName.ToLower())"])
        XCTAssertEqual(references.map(\.reason), [
            "property Tag is set to 2 different values in this file",
            "property ImportedImage is not set in this file",
            "$(MSBuildProjectName.ToLower()) is a property function, evaluated only by MSBuild",
        ])
    }

    func testHelixQueuesInItemsAndPropertiesAreReferencesAtTheirLines() {
        let project = """
            <Project Sdk="Microsoft.DotNet.Helix.Sdk">
              <PropertyGroup>
                <HelixImageTag>debian-12-helix-amd64</HelixImageTag>
                <HelixTargetQueues>(Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:$(HelixImageTag);Windows.10.Amd64.Open</HelixTargetQueues>
              </PropertyGroup>
              <ItemGroup Condition="'$(TargetOS)' == 'linux'">
                <HelixAvailableTargetQueue Include="Ubuntu.2204.Amd64.Open" />
                <HelixAvailableTargetQueue
                    Include="(Alpine.321.Amd64.Open)AzureLinux.3.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:alpine-3.21-helix-amd64" />
                <HelixTargetQueue Include="(Mariner)Ubuntu.2204.Amd64.Open@mcr.microsoft.com/dotnet-buildtools/prereqs:cbl-mariner-2.0-helix-$(Arch)" />
              </ItemGroup>
            </Project>
            """
        let path = "eng/helix.proj"
        let references = TestBranch.references([path: project])
        XCTAssertEqual(references.map(ReferenceRow.init), [
            Row(path, 4, "helix/queue", "Project/PropertyGroup/HelixTargetQueues",
                raw: "(Debian.12.Amd64.Open)Ubuntu.2204.Amd64.Open@\(prereqs):$(HelixImageTag)",
                image: "\(prereqs):debian-12-helix-amd64"),
            Row(path, 9, "helix/queue", "Project/ItemGroup/HelixAvailableTargetQueue[Include]",
                raw: "(Alpine.321.Amd64.Open)AzureLinux.3.Amd64.Open@\(prereqs):alpine-3.21-helix-amd64",
                image: "\(prereqs):alpine-3.21-helix-amd64"),
            Row(path, 10, "helix/queue", "Project/ItemGroup/HelixTargetQueue[Include]",
                raw: "(Mariner)Ubuntu.2204.Amd64.Open@\(prereqs):cbl-mariner-2.0-helix-$(Arch)", image: nil),
        ])
        XCTAssertEqual(references.last?.reason, "property Arch is not set in this file")
    }

    func testMalformedXMLStillYieldsWhatCanBeRead() {
        let project = "<Project>\n<PropertyGroup>\n<ContainerBaseImage>alpine:3.21</ContainerBaseImage>\n<Broken attr=\"x\n"
        XCTAssertEqual(TestBranch.rows(["x.props": project]), [
            Row("x.props", 3, "msbuild/container-base-image", "Project/PropertyGroup/ContainerBaseImage",
                raw: "alpine:3.21", image: "alpine:3.21"),
        ])
    }

    func testEntitiesAndCDATAAreDecoded() {
        XCTAssertEqual(MSBuildXMLScanner.decodeEntities("a&amp;b&lt;&#65;&#x42;&unknown;"), "a&b<AB&unknown;")
        let project = "<Project><PropertyGroup><ContainerBaseImage><![CDATA[alpine:3.21]]></ContainerBaseImage></PropertyGroup></Project>"
        XCTAssertEqual(TestBranch.rows(["x.targets": project]).map(\.image), ["alpine:3.21"])
    }

    func testTheEntryPointSendsMSBuildFilesToThisExtractor() {
        let bytes = Array("<Project>\n  <PropertyGroup>\n    <ContainerBaseImage>alpine:3.21</ContainerBaseImage>\n  </PropertyGroup>\n</Project>\n".utf8)
        let facts = Extractors.facts(path: "src/App/App.csproj", kind: .msbuild, bytes: bytes)
        XCTAssertEqual(facts.references, [
            ReferenceFact(line: 3, kind: "msbuild/container-base-image", context: "Project/PropertyGroup/ContainerBaseImage",
                          raw: "alpine:3.21", value: .literal("alpine:3.21")),
        ])
    }

    // MARK: - Bounds

    func testElementsNestedThousandsDeepStopWithAWarningAtTheDepthLimit() {
        // 20,000 levels took 24 s and 432 MB: every element carried the names of all around it.
        let depth = 5_000
        let text = "<Project>\n<HelixTargetQueues>(a)b.c.d@\(prereqs):1</HelixTargetQueues>\n"
            + String(repeating: "<a>", count: depth) + "\n<HelixTargetQueues>(a)b.c.d@\(prereqs):2</HelixTargetQueues>"
            + String(repeating: "</a>", count: depth) + "\n</Project>\n"
        let budget = ExtractionBudget()
        let facts = MSBuildExtractor.extract(path: "deep.proj", text: text, budget: budget)
        XCTAssertEqual(facts.references.map(\.raw), ["(a)b.c.d@\(prereqs):1"])
        XCTAssertEqual(facts.warnings, [ExtractionWarning(line: 3, message:
            "stopped reading: elements nested deeper than 64 levels; references after this point are not reported")])
        XCTAssertLessThanOrEqual(budget.stepsUsed, 2 * text.utf8.count)
    }

    func testPropertiesThatRepeatEachOtherStopAtTheExpansionLimit() {
        var project = "<Project><PropertyGroup><P0>abcdefgh</P0>\n"
        for level in 1...12 {
            project += "<P\(level)>$(P\(level - 1))$(P\(level - 1))</P\(level)>\n"
        }
        project += "<ContainerBaseImage>$(P12)</ContainerBaseImage></PropertyGroup></Project>\n"
        let facts = MSBuildExtractor.extract(path: "bomb.proj", text: project)
        XCTAssertEqual(facts.references.count, 1)
        guard case .unresolved(let reason) = facts.references.first?.value else {
            return XCTFail("an expansion of 32 KiB is not an image: \(facts.references)")
        }
        XCTAssertTrue(reason.hasSuffix("expands to more than 8192 bytes through its properties"), reason)
    }
}
