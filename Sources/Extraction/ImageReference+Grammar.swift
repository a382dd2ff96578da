extension ImageReference {
    /// The lexical rules of `distribution/reference`, one check per part; each returns why the part is
    /// invalid, or `nil` when it is valid.
    enum Grammar {
        /// Hex lengths of the digest algorithms `go-digest` supports.
        static let digestHexLengths: [String: Int] = ["sha256": 64, "sha384": 96, "sha512": 128]
        /// The shortest hex any digest may have (128 bits), per the reference grammar.
        static let minimumDigestHexLength = 32

        /// Whether `text` is a bare 64-hex image ID, which Docker refuses as a repository name.
        static func isImageIdentifier(_ text: String) -> Bool {
            text.utf8.count == 64 && text.unicodeScalars.allSatisfy(isLowerHex)
        }

        /// Checks `host[:port]`, where host is a DNS-like name, an IPv4 address or a bracketed IPv6 address.
        static func registryProblem(_ registry: Substring) -> String? {
            let port: Substring?
            if registry.hasPrefix("[") {
                guard let close = registry.firstIndex(of: "]") else {
                    return "invalid registry \"\(registry)\": IPv6 address is missing its closing ']'"
                }
                let address = registry[registry.index(after: registry.startIndex)..<close]
                if let problem = ipv6Problem(address, in: registry) { return problem }
                let afterAddress = registry[registry.index(after: close)...]
                if afterAddress.isEmpty {
                    port = nil
                } else if afterAddress.first == ":" {
                    port = afterAddress.dropFirst()
                } else {
                    return "invalid registry \"\(registry)\": only a ':port' may follow an IPv6 address"
                }
            } else {
                let host: Substring
                if let colon = registry.firstIndex(of: ":") {
                    host = registry[..<colon]
                    port = registry[registry.index(after: colon)...]
                } else {
                    host = registry
                    port = nil
                }
                if let problem = hostProblem(host, in: registry) { return problem }
            }
            if let port, port.isEmpty || !port.unicodeScalars.allSatisfy(isDigit) {
                return "invalid port \"\(port)\" in registry \"\(registry)\": a port is digits only"
            }
            return nil
        }

        /// Checks a DNS-like host: dot-separated labels of letters, digits and inner hyphens.
        static func hostProblem(_ host: Substring, in registry: Substring) -> String? {
            guard !host.isEmpty else { return "invalid registry \"\(registry)\": host name is empty" }
            for label in host.split(separator: ".", omittingEmptySubsequences: false) {
                guard !label.isEmpty else {
                    return "invalid registry \"\(registry)\": host name has an empty label"
                }
                if let bad = label.unicodeScalars.first(where: { !isAlphanumeric($0) && $0 != "-" }) {
                    return "invalid registry \"\(registry)\": host name contains invalid character \"\(shown(bad))\""
                }
                if label.hasPrefix("-") || label.hasSuffix("-") {
                    return "invalid registry \"\(registry)\": host label \"\(label)\" must not start or end with '-'"
                }
            }
            return nil
        }

        /// Checks the inside of `[…]`: hex digits and colons only, so zone identifiers are refused.
        static func ipv6Problem(_ address: Substring, in registry: Substring) -> String? {
            guard !address.isEmpty else { return "invalid registry \"\(registry)\": IPv6 address is empty" }
            if address.contains("%") {
                return "invalid registry \"\(registry)\": IPv6 zone identifiers are not allowed"
            }
            if let bad = address.unicodeScalars.first(where: { !isHex($0) && $0 != ":" }) {
                return "invalid registry \"\(registry)\": IPv6 address contains invalid character \"\(shown(bad))\""
            }
            return nil
        }

        /// Checks a lowercase repository path of `/`-separated components.
        static func pathProblem(_ path: Substring) -> String? {
            for component in path.split(separator: "/", omittingEmptySubsequences: false) {
                if let problem = pathComponentProblem(component, in: path) { return problem }
            }
            return nil
        }

        /// Checks one component: lowercase letters and digits joined by `.`, `_`, `__` or a run of `-`.
        static func pathComponentProblem(_ component: Substring, in path: Substring) -> String? {
            guard !component.isEmpty else {
                return "repository path \"\(path)\" has an empty component"
            }
            if let bad = component.unicodeScalars.first(where: { !isLowerAlphanumeric($0) && !isPathSeparator($0) }) {
                return "repository path component \"\(component)\" contains invalid character \"\(shown(bad))\""
            }
            let scalars = Array(component.unicodeScalars)
            if let first = scalars.first, let last = scalars.last, isPathSeparator(first) || isPathSeparator(last) {
                return "repository path component \"\(component)\" must start and end with a lowercase letter or digit"
            }
            var index = 0
            while index < scalars.count {
                guard isPathSeparator(scalars[index]) else {
                    index += 1
                    continue
                }
                var end = index
                while end < scalars.count, isPathSeparator(scalars[end]) { end += 1 }
                let run = String(String.UnicodeScalarView(scalars[index..<end]))
                let isAllowed = run == "." || run == "_" || run == "__" || run.allSatisfy { $0 == "-" }
                if !isAllowed {
                    return "repository path component \"\(component)\" has invalid separator \"\(run)\" "
                        + "(use one '.', one or two '_', or any number of '-')"
                }
                index = end
            }
            return nil
        }

        /// Checks a tag: a word character, then up to 127 word characters, dots and hyphens.
        static func tagProblem(_ tag: Substring) -> String? {
            guard let first = tag.unicodeScalars.first else { return "tag is empty after ':'" }
            if let bad = tag.unicodeScalars.first(where: { !isWordCharacter($0) && $0 != "." && $0 != "-" }) {
                return "tag \"\(tag)\" contains invalid character \"\(shown(bad))\""
            }
            if !isWordCharacter(first) {
                return "tag \"\(tag)\" must start with a letter, digit or underscore"
            }
            let length = tag.utf8.count
            if length > ImageReference.maximumTagLength {
                return "tag is longer than \(ImageReference.maximumTagLength) characters (got \(length))"
            }
            return nil
        }

        /// Checks `algorithm:hex`, then, as `go-digest` does, the hex length and case of a supported
        /// algorithm; a well-formed digest with any other algorithm is unsupported.
        static func digestProblem(_ digest: Substring) -> String? {
            guard !digest.isEmpty else { return "digest is empty after '@'" }
            guard let colon = digest.firstIndex(of: ":") else {
                return "invalid digest \"\(digest)\": expected algorithm:hex"
            }
            let algorithm = digest[..<colon]
            let hex = digest[digest.index(after: colon)...]
            if let problem = digestAlgorithmProblem(algorithm) { return problem }
            guard !hex.isEmpty else { return "invalid digest: no hex after \"\(algorithm):\"" }
            if let bad = hex.unicodeScalars.first(where: { !isHex($0) }) {
                return "invalid digest: hex for \(algorithm) contains invalid character \"\(shown(bad))\""
            }
            let length = hex.utf8.count
            guard let expected = digestHexLengths[String(algorithm)] else {
                if length < minimumDigestHexLength {
                    return "invalid digest: hex must have at least \(minimumDigestHexLength) characters (got \(length))"
                }
                return "unsupported digest algorithm \"\(algorithm)\" (supported: sha256, sha384, sha512)"
            }
            if length != expected {
                return "invalid digest length for \(algorithm): expected \(expected) hex characters, got \(length)"
            }
            if !hex.unicodeScalars.allSatisfy(isLowerHex) {
                return "invalid digest: hex for \(algorithm) must be lowercase"
            }
            return nil
        }

        /// Checks an algorithm: letter-led alphanumeric components joined by one of `+ . - _`.
        static func digestAlgorithmProblem(_ algorithm: Substring) -> String? {
            guard !algorithm.isEmpty else { return "invalid digest: no algorithm before ':'" }
            let components = algorithm.split(omittingEmptySubsequences: false) { "+.-_".contains($0) }
            for component in components {
                guard let first = component.unicodeScalars.first, isLetter(first),
                      component.unicodeScalars.allSatisfy(isAlphanumeric) else {
                    return "invalid digest algorithm \"\(algorithm)\": expected letter-led alphanumeric parts "
                        + "joined by '+', '.', '-' or '_'"
                }
            }
            return nil
        }

        /// A character for a message: control characters escaped (`\t`), anything else as is.
        static func shown(_ scalar: Unicode.Scalar) -> String { scalar.escaped(asASCII: false) }

        static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
        static func isUppercase(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }
        static func isLowercase(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) }
        static func isLetter(_ scalar: Unicode.Scalar) -> Bool { isLowercase(scalar) || isUppercase(scalar) }
        static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || isDigit(scalar) }
        static func isLowerAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { isLowercase(scalar) || isDigit(scalar) }
        static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool { isAlphanumeric(scalar) || scalar == "_" }
        static func isPathSeparator(_ scalar: Unicode.Scalar) -> Bool { scalar == "." || scalar == "_" || scalar == "-" }
        static func isLowerHex(_ scalar: Unicode.Scalar) -> Bool { isDigit(scalar) || ("a"..."f").contains(scalar) }
        static func isHex(_ scalar: Unicode.Scalar) -> Bool { isLowerHex(scalar) || ("A"..."F").contains(scalar) }
    }
}
