extension FileKind {
    /// A cheap first look at a path for `classify(path:)`: whether no rule of `classifyByRules(path:)`
    /// can accept it. It answers only for a path of ASCII bytes not ending in `/` (lower-casing such a
    /// name is byte by byte, and its last component is what follows the last `/`); any other path, and
    /// any name a rule might accept, goes to the rules, which decide. It must never exclude a path the
    /// rules accept (`FileKindTests` compares the two).
    enum NameScreen {
        /// Endings (after the name's last `.`, lower-cased) that some rule accepts.
        static let endings: Set<String> = [
            "dockerfile", "containerfile", "yml", "yaml", "proj", "props", "targets", "csproj", "fsproj", "vbproj",
            "container", "image", "volume", "hcl", "tpl", "jsonnet", "libsonnet", "sh", "bash", "ps1", "mk",
        ]
        /// Whole names (lower-cased) that some rule accepts whatever their ending.
        static let names: Set<String> = ["dockerfile", "containerfile", "makefile", "gnumakefile", ".env"]
        /// Name beginnings (lower-cased) that some rule accepts whatever the ending.
        static let prefixes = ["dockerfile.", "containerfile.", "makefile."]
        /// JSON names (lower-cased) that a rule other than Marathon's accepts.
        static let jsonNames: Set<String> = [
            "devcontainer.json", ".devcontainer.json", "manifest.json", "docker-bake.json", "docker-bake.override.json",
        ]

        /// `endings`, `names`, `prefixes` and `jsonNames` as bytes, compared in place: the screen runs on
        /// every path of every tree read, where building strings and hashing them cost more than the rest.
        private static let endingBytes = endings.map { Array($0.utf8) }
        private static let nameBytes = names.map { Array($0.utf8) }
        private static let prefixBytes = prefixes.map { Array($0.utf8) }
        private static let jsonNameBytes = jsonNames.map { Array($0.utf8) }
        private static let markdown = Array("md".utf8)
        private static let json = Array("json".utf8)

        static func excludes(_ path: String) -> Bool {
            var bytesOfPath = path
            return bytesOfPath.withUTF8 { bytes in
                guard let last = bytes.last, last != UInt8(ascii: "/") else { return false }
                var nameStart = 0
                var dot = -1
                for index in bytes.indices {
                    let byte = bytes[index]
                    if byte >= 0x80 { return false }
                    if byte == UInt8(ascii: "/") {
                        nameStart = index + 1
                        dot = -1
                    } else if byte == UInt8(ascii: ".") {
                        dot = index
                    }
                }
                let name = UnsafeBufferPointer(rebasing: bytes[nameStart...])
                if nameBytes.contains(where: { equalsLowercased(name, $0) }) { return false }
                if prefixBytes.contains(where: { startsLowercased(name, with: $0) }) { return false }
                guard dot >= 0 else { return true }
                let ending = UnsafeBufferPointer(rebasing: bytes[(dot + 1)...])
                if equalsLowercased(ending, markdown) {
                    // Agentic workflows live in `.github/workflows/`.
                    return !path.containsBytes(of: "workflows")
                }
                if equalsLowercased(ending, json) {
                    // Marathon's names hold `marathon`, in any case.
                    return !jsonNameBytes.contains(where: { equalsLowercased(name, $0) })
                        && !lowercased(bytes[...]).containsBytes(of: "marathon")
                }
                return !endingBytes.contains(where: { equalsLowercased(ending, $0) })
            }
        }

        /// Whether ASCII `bytes`, `A`–`Z` lower-cased, are `lowered`.
        private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ lowered: [UInt8]) -> Bool {
            bytes.count == lowered.count && startsLowercased(bytes, with: lowered)
        }

        /// Whether ASCII `bytes`, `A`–`Z` lower-cased, begin with `lowered`.
        private static func startsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, with lowered: [UInt8]) -> Bool {
            guard bytes.count >= lowered.count else { return false }
            for index in lowered.indices {
                let byte = bytes[index]
                if (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) != lowered[index] { return false }
            }
            return true
        }

        /// ASCII `bytes` as a String, `A`–`Z` lower-cased.
        private static func lowercased(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
            String(unsafeUninitializedCapacity: bytes.count) { buffer in
                var written = 0
                for byte in bytes {
                    buffer[written] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                    written += 1
                }
                return written
            }
        }
    }
}
