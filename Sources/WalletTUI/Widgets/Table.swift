/// Columns laid out by display width: fixed widths, one flexible column, left or right aligned.
public struct TableLayout: Sendable {
    public struct Column: Sendable {
        public var title: String
        public var width: Int       // 0 = takes the remaining width
        public var alignRight: Bool
        public init(_ title: String, width: Int, alignRight: Bool = false) { self.title = title; self.width = width; self.alignRight = alignRight }
    }
    public var columns: [Column]
    public init(_ columns: [Column]) { self.columns = columns }

    /// Column widths for a total width (one space between columns).
    public func widths(total: Int) -> [Int] {
        let fixed = columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1)
        let flexible = columns.filter { $0.width == 0 }.count
        let spare = max(0, total - fixed)
        return columns.map { $0.width == 0 ? (flexible > 0 ? max(4, spare / flexible) : 0) : $0.width }
    }

    /// One row of cells, each padded or cut to its column.
    public func format(_ cells: [String], total: Int) -> String {
        let w = widths(total: total)
        return zip(cells, zip(w, columns)).map { cell, pair in
            DisplayWidth.pad(cell, to: pair.0, alignRight: pair.1.alignRight)
        }.joined(separator: " ")
    }

    public func header(total: Int) -> String { format(columns.map(\.title), total: total) }
}
