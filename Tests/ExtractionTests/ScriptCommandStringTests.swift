import XCTest
@testable import Extraction

final class ScriptCommandStringTests: XCTestCase {
    func testShellStringsRunByBashShAndEvalAreReadAsCommandLines() {
        let result = facts("ci/smoke.sh", """
        #!/bin/sh
        IMAGE=ghcr.io/acme/tools:1.4
        bash -c "docker run --rm $IMAGE make lint"
        sh -ec 'docker pull quay.io/acme/cache:2'
        eval "docker pull $IMAGE"
        sudo sh -c "docker create --name data busybox:1.36"
        """)
        assertRefs(result, [
            Ref(3, "script/docker-run", "$IMAGE", lit("ghcr.io/acme/tools:1.4")),
            Ref(4, "script/docker-pull", "quay.io/acme/cache:2", lit("quay.io/acme/cache:2")),
            Ref(5, "script/docker-pull", "$IMAGE", lit("ghcr.io/acme/tools:1.4")),
            Ref(6, "script/docker-create", "busybox:1.36", lit("busybox:1.36")),
        ])
        XCTAssertEqual(contexts(result), ["bash -c: docker run", "sh -c: docker pull", "eval: docker pull", "sh -c: docker create"])
    }

    func testASingleQuotedVariableIsExpandedByTheChildShellWhichOnlyKnowsItsEnvironment() {
        let result = facts("run.sh", """
        IMAGE=ghcr.io/acme/tools:1.4
        bash -c 'docker run --rm $IMAGE true'
        eval 'docker pull $IMAGE'
        """)
        assertRefs(result, [
            Ref(2, "script/docker-run", "$IMAGE", .unresolved(reason:
                "$IMAGE is not assigned earlier in this file; it is set by the environment")),
            // eval runs the string in the same shell, which assigned IMAGE.
            Ref(3, "script/docker-pull", "$IMAGE", lit("ghcr.io/acme/tools:1.4")),
        ])
    }

    func testAStringOnAContinuedLineReportsTheLineWhereItIsWritten() {
        let result = facts("hack/e2e.sh", "bash -o pipefail \\\n  -c \\\n  \"docker pull alpine:3.20\"\n")
        assertRefs(result, [Ref(3, "script/docker-pull", "alpine:3.20", lit("alpine:3.20"))])
    }

    func testAStringContinuedInsideItsQuotesReportsTheLineOfTheImage() {
        let shell = facts("ci/test.sh", """
        bash -c "docker run --rm \\
          -v \\$PWD:/src \\
          golang:1.22 go test ./..."
        """)
        assertRefs(shell, [Ref(3, "script/docker-run", "golang:1.22", lit("golang:1.22"))])
        let powerShell = facts("eng/test.ps1", "Exec \"docker run --rm `\n  mcr.microsoft.com/dotnet/sdk:9.0 dotnet test\"\n")
        assertRefs(powerShell, [Ref(2, "script/docker-run", "mcr.microsoft.com/dotnet/sdk:9.0", lit("mcr.microsoft.com/dotnet/sdk:9.0"))])
    }

    func testPowerShellInvocationsAndRetryHelpersRunTheirDoubleQuotedDockerCommand() {
        let result = facts("eng/Pull-Images.ps1", """
        param([string]$Tag = "9.0")
        $Image = "mcr.microsoft.com/dotnet/sdk:$Tag"
        & "$PSScriptRoot/Invoke-WithRetry.ps1" "docker pull $Image" -Retries 3
        Exec "docker create --name cache mcr.microsoft.com/dotnet/runtime-deps:9.0"
        Invoke-Expression "docker run --rm $Image dotnet --info"
        & docker pull mcr.microsoft.com/powershell:7.4
        pwsh -Command "docker pull mcr.microsoft.com/dotnet/aspnet:9.0"
        """)
        assertRefs(result, [
            Ref(3, "script/docker-pull", "$Image", lit("mcr.microsoft.com/dotnet/sdk:9.0")),
            Ref(4, "script/docker-create", "mcr.microsoft.com/dotnet/runtime-deps:9.0", lit("mcr.microsoft.com/dotnet/runtime-deps:9.0")),
            Ref(5, "script/docker-run", "$Image", lit("mcr.microsoft.com/dotnet/sdk:9.0")),
            Ref(6, "script/docker-pull", "mcr.microsoft.com/powershell:7.4", lit("mcr.microsoft.com/powershell:7.4")),
            Ref(7, "script/docker-pull", "mcr.microsoft.com/dotnet/aspnet:9.0", lit("mcr.microsoft.com/dotnet/aspnet:9.0")),
        ])
        XCTAssertEqual(contexts(result), ["Invoke-WithRetry.ps1: docker pull", "Exec: docker create",
                                          "Invoke-Expression: docker run", "docker pull", "pwsh -Command: docker pull"])
    }

    func testAMakeRecipeStringSeesTheMakefilesVariables() {
        let result = facts("Makefile", "IMG ?= quay.io/acme/operator:0.3\n\ndeploy:\n\tsh -c \"docker push $(IMG) && docker run --rm $(IMG) check\"\n")
        assertRefs(result, [Ref(4, "script/docker-run", "$(IMG)", lit("quay.io/acme/operator:0.3"))])
        XCTAssertEqual(contexts(result), ["sh -c: docker run"])
    }

    func testPrintedLoggedOrRaisedStringsAreNotCommands() {
        let shell = facts("notes.sh", """
        echo "docker run not-an-image"
        bash -c "echo docker run not-an-image"
        printf '%s\\n' 'docker pull not-an-image'
        log "docker pull not-an-image"
        """)
        XCTAssertEqual(shell.references, [])
        let powerShell = facts("notes.ps1", """
        Write-Host "docker pull not-an-image"
        Write-Log "docker run not-an-image"
        throw "docker pull failed"
        Exec 'docker pull not-an-image'
        Exec "docker ps --all"
        $command = "docker run not-an-image"
        """)
        XCTAssertEqual(powerShell.references, [])
    }

    func testStringsInsideStringsStopAtTheDepthLimit() {
        let result = facts("deep.sh", """
        bash -c "sh -c 'docker pull alpine:3.20'"
        bash -c "sh -c 'eval \\"docker pull alpine:3.19\\"'"
        """)
        assertRefs(result, [Ref(1, "script/docker-pull", "alpine:3.20", lit("alpine:3.20"))])
        XCTAssertEqual(contexts(result), ["bash -c: sh -c: docker pull"])
    }
}
