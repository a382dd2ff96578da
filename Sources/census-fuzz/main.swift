import Extraction
import Foundation

// Fuzz targets for every extractor (see FuzzTarget.all).
//
// Built with `-sanitize=fuzzer,address -DCENSUS_LIBFUZZER` (scripts/fuzz.sh does this), the program is
// driven by libFuzzer: `CENSUS_FUZZ_TARGET=<name>` picks the extractor and every libFuzzer option applies.
// Built normally, it lists targets, writes a target's seed corpus from the test files, and replays
// inputs (a found crash or hang, a regression fixture) with what reading each one cost.

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: census-fuzz targets
               census-fuzz seeds <target> <Tests/ExtractionTests folder> <output folder>
               census-fuzz replay <target> <file>...

        """.utf8))
    exit(64)
}

#if CENSUS_LIBFUZZER
/// The target picked by `CENSUS_FUZZ_TARGET`, read once before libFuzzer starts.
nonisolated(unsafe) var fuzzTarget: FuzzTarget!

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

guard let name = ProcessInfo.processInfo.environment["CENSUS_FUZZ_TARGET"], let target = FuzzTarget.named(name) else {
    FileHandle.standardError.write(Data("set CENSUS_FUZZ_TARGET to one of: \(FuzzTarget.all.map(\.name).joined(separator: ", "))\n".utf8))
    exit(64)
}
fuzzTarget = target
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    _ = fuzzTarget.run(UnsafeBufferPointer(start: data, count: size))
    return 0
})
#else
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "targets":
    for target in FuzzTarget.all { print("\(target.name)\t\(target.path)") }
case "seeds":
    guard arguments.count == 4, let target = FuzzTarget.named(arguments[1]) else { usage() }
    let output = URL(fileURLWithPath: arguments[3], isDirectory: true)
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    var written = 0
    for file in target.seedFiles {
        let url = URL(fileURLWithPath: arguments[2]).appendingPathComponent("\(file).swift")
        guard let data = FileManager.default.contents(atPath: url.path) else { continue }
        for (index, seed) in SeedHarvester.seeds(inTestFile: String(decoding: data, as: UTF8.self)).enumerated() {
            try Data(seed.utf8).write(to: output.appendingPathComponent("\(file)-\(index)"))
            written += 1
        }
    }
    print("\(target.name): \(written) seeds")
case "replay":
    guard arguments.count >= 3, let target = FuzzTarget.named(arguments[1]) else { usage() }
    for file in arguments.dropFirst(2) {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("\(file): cannot be read")
            continue
        }
        let started = ContinuousClock.now
        let facts = data.withUnsafeBytes { target.run($0.bindMemory(to: UInt8.self)) }
        let elapsed = ContinuousClock.now - started
        print("\(file): \(data.count) bytes, \(elapsed), \(facts.references.count) references, \(facts.warnings.count) warnings")
        for warning in facts.warnings.prefix(5) { print("  line \(warning.line.map(String.init) ?? "-"): \(warning.message)") }
    }
default:
    usage()
}
#endif
