/// "Did you mean" from edit distance, as git and swift-argument-parser do.
enum Suggest {
    static func closest(to typed: String, in candidates: [String]) -> String? {
        // Case does not make a word another one ("NOTE" → "note"), and nothing is like nothing.
        let word = typed.lowercased()
        guard !word.isEmpty, word.contains(where: { $0 != "-" }) else { return nil }
        if let same = candidates.first(where: { $0.lowercased() == word }) { return same }
        // A prefix of exactly one candidate is what was meant ("--li" → "--limit", not "--db").
        let prefixed = candidates.filter { $0.lowercased().hasPrefix(word) && word.count >= 2 }
        if prefixed.count == 1 { return prefixed[0] }
        let limit = max(2, word.count / 3)
        // The distance is at least the difference in length: skipping those candidates changes
        // nothing but the cost, which for a 100 KB token would be a 100 KB × n table each.
        let scored = candidates.filter { abs($0.count - word.count) <= limit }
            .map { ($0, distance(word, $0.lowercased())) }.filter { $0.1 <= limit }
        return scored.min(by: { $0.1 < $1.1 })?.0
    }

    /// Damerau–Levenshtein (optimal string alignment) distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
