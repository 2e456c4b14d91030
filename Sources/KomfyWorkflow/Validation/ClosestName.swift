/// The spelling a person most likely meant, for "did you mean" hints: the candidate with the fewest
/// single-character edits (case ignored), if it is close enough to be a typo rather than another
/// word.
enum ClosestName {
    static func match(for typed: String, among candidates: some Sequence<String>) -> String? {
        let target = Array(typed.lowercased().unicodeScalars)
        guard !target.isEmpty else { return nil }
        // A third of the word, at most 3: "KSamplerX" -> "KSampler", but not "invalid" -> "ddim".
        let allowed = min(3, max(1, target.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            guard abs(scalars.count - target.count) <= allowed else { continue }
            let distance = editDistance(target, scalars, cap: best.map { $0.distance - 1 } ?? allowed)
            if distance <= (best.map { $0.distance - 1 } ?? allowed) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// Levenshtein distance, or `cap + 1` as soon as it is sure to exceed `cap`.
    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int) -> Int {
        guard cap >= 0 else { return cap + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > cap { return cap + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
