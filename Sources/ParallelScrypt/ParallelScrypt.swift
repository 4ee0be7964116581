import Crypto
import _CryptoExtras
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// scrypt (RFC 7914) with its p lanes computed at the same time, one thread each.
///
/// scrypt's parallelism parameter splits the memory-hard work into p independent lanes
/// (SMix/ROMix over p blocks of the PBKDF2 output). BoringSSL computes them one after the
/// other; here each lane has a thread and memory of its own, so p = 2 on two cores costs the
/// time of one lane. The result is exactly scrypt's: tests compare it with BoringSSL's
/// `KDF.Scrypt` and with the RFC's test vectors. PBKDF2-HMAC-SHA256, before and after the
/// lanes, is swift-crypto's; only ROMix, BlockMix and Salsa20/8 are written here. The module is
/// compiled optimised in every configuration: unoptimised, it is a hundred times slower, and
/// every test that signs in derives keys.
///
/// ```swift
/// let workspace = ScryptWorkspace(n: 1 << 14, r: 8, p: 2)
/// workspace.prefault()                        // optional: take the memory ahead of time
/// let key = try ParallelScrypt.derive(password: Array("pw".utf8), salt: salt, n: 1 << 14, r: 8, p: 2,
///                                     outputByteCount: 32, workspace: workspace)
/// ```
public enum ParallelScrypt {
    public enum Failure: Error { case invalidParameters }

    public static func derive(password: [UInt8], salt: Data, n: Int, r: Int, p: Int, outputByteCount: Int,
                       workspace: ScryptWorkspace? = nil) throws -> SymmetricKey {
        guard n > 1, n & (n - 1) == 0, n <= 1 << 24, r >= 1, r <= 64, p >= 1, p <= 16 else { throw Failure.invalidParameters }
        let space = workspace.flatMap { $0.claim(n: n, r: r, p: p) ? $0 : nil } ?? ScryptWorkspace(n: n, r: r, p: p)
        let laneBytes = 128 * r
        let initial = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256,
                                                         outputByteCount: p * laneBytes, unsafeUncheckedRounds: 1)
        var blocks = initial.withUnsafeBytes { [UInt8]($0) }
        // Each lane on a thread of its own (not the dispatch pool, which may be busy or one thread
        // wide and would then run the lanes one after another). A lane hands its result over,
        // then gives back its memory while the caller goes on.
        let done = DispatchGroup()
        blocks.withUnsafeMutableBytes { all in
            let base = UncheckedPointer(all.baseAddress!)
            for lane in 0..<p {
                done.enter()
                Thread {
                    space.romix(lane: lane, block: base.pointer + lane * laneBytes)
                    done.leave()
                    space.release(lane: lane)
                }.start()
            }
            done.wait()
        }
        defer { blocks.withUnsafeMutableBytes { _ = memset($0.baseAddress!, 0, $0.count) } }
        return try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: blocks, using: .sha256,
                                                 outputByteCount: outputByteCount, unsafeUncheckedRounds: 1)
    }
}

/// A raw pointer handed to a lane's thread; each lane writes only its own 128·r bytes.
private struct UncheckedPointer: @unchecked Sendable { let pointer: UnsafeMutableRawPointer; init(_ p: UnsafeMutableRawPointer) { pointer = p } }

/// The memory of the lanes: per lane, N·128·r bytes for ROMix's table and room for X and Y.
///
/// Fresh memory is slow to get: the first touch of each page faults, about 10 ms per lane here,
/// a quarter of the lane's work. `prefault` takes it ahead of time on other threads while the
/// caller does something else. The memory is mapped privately and unmapped lane by lane as
/// soon as each is done.
public final class ScryptWorkspace: @unchecked Sendable {
    public let n: Int, r: Int, p: Int
    private let laneWords: Int
    private let lanes: [UnsafeMutablePointer<UInt32>]
    private let mapped: [Bool]
    private var released: [Bool]
    private var claimed = false
    private let lock = NSLock()
    private let ready = DispatchGroup()

    public init(n: Int, r: Int, p: Int) {
        self.n = n; self.r = r; self.p = p
        let words = (n + 2) * 32 * r
        laneWords = words
        var mapped: [Bool] = []
        lanes = (0..<p).map { _ in
            let raw = mmap(nil, words * 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let raw, raw != UnsafeMutableRawPointer(bitPattern: -1) else {
                // No mapping to be had: ordinary memory (same result).
                mapped.append(false)
                return UnsafeMutablePointer<UInt32>.allocate(capacity: words)
            }
            mapped.append(true)
            return raw.bindMemory(to: UInt32.self, capacity: words)
        }
        self.mapped = mapped
        released = Array(repeating: false, count: p)
    }

    /// Whether a derivation with these parameters can use this workspace: the same shape, and
    /// not claimed by a derivation before (its lanes give their memory back when they are done).
    public func fits(n: Int, r: Int, p: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        return self.n == n && self.r == r && self.p == p && !claimed
    }

    /// Takes the workspace for one derivation if it fits and nobody has.
    func claim(n: Int, r: Int, p: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard self.n == n && self.r == r && self.p == p && !claimed else { return false }
        claimed = true
        return true
    }

    /// Touches every page of every lane on threads of their own, returning at once; a lane
    /// waits for its memory before it starts.
    public func prefault() {
        for lane in lanes {
            let words = laneWords
            let target = UncheckedWords(lane)
            ready.enter()
            Thread { [ready] in
                // Below the caller's priority: taking memory ahead must not slow what it does meanwhile.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                var i = 0
                while i < words { target.pointer[i] = 0; i += 1024 }   // one write per 4 KiB page
                ready.leave()
            }.start()
        }
    }

    deinit {
        ready.wait()
        for lane in lanes.indices { release(lane: lane) }
    }

    /// Gives a lane's memory back; the lane cannot be used afterwards. Unmapped pages leave the
    /// process (the kernel clears them before any reuse), so only the fallback memory from the
    /// heap, which stays in the process, is wiped first.
    func release(lane: Int) {
        lock.lock()
        let first = !released[lane]
        released[lane] = true
        lock.unlock()
        guard first else { return }
        let bytes = laneWords * 4
        if mapped[lane] { _ = munmap(lanes[lane], bytes) } else { _ = memset(lanes[lane], 0, bytes); lanes[lane].deallocate() }
    }

    /// ROMix (RFC 7914, section 5) on one lane's 128·r bytes, in place.
    ///
    /// Inside, each 64-byte block keeps its sixteen words in Salsa20's diagonal order (see
    /// `Salsa`), so the rounds work on four words at a time; XOR and copies do not care about
    /// the order, and word 0, which Integerify reads, stays first.
    func romix(lane: Int, block: UnsafeMutableRawPointer) {
        ready.wait()
        let words = 32 * r
        let table = lanes[lane]
        let x = table + n * words
        let y = x + words
        for i in 0..<words {
            x[Salsa.diagonal(i)] = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
        }
        for i in 0..<n {
            (table + i * words).update(from: x, count: words)
            Salsa.blockMix(x, y, r: r)
        }
        let mask = UInt32(truncatingIfNeeded: n - 1)
        for _ in 0..<n {
            // Integerify: the first word of the last 64-byte block, modulo N.
            let j = Int(x[(2 * r - 1) * 16] & mask)
            let v = table + j * words
            for k in 0..<words { x[k] ^= v[k] }
            Salsa.blockMix(x, y, r: r)
        }
        for i in 0..<words { block.storeBytes(of: x[Salsa.diagonal(i)].littleEndian, toByteOffset: i * 4, as: UInt32.self) }
    }
}

private struct UncheckedWords: @unchecked Sendable { let pointer: UnsafeMutablePointer<UInt32>; init(_ p: UnsafeMutablePointer<UInt32>) { pointer = p } }

/// Salsa20/8 and BlockMix on blocks whose words are stored in diagonal order.
///
/// Salsa20's column round works on the quadruples (0 4 8 12), (5 9 13 1), (10 14 2 6),
/// (15 3 7 11) and its row round on (0 1 2 3), (5 6 7 4), (10 11 8 9), (15 12 13 14). Stored as
/// the rows a = (0 5 10 15), b = (4 9 14 3), c = (8 13 2 7), d = (12 1 6 11), every step of a
/// column round is one SIMD operation on four quadruples; rotating b, c and d by one, two and
/// three words lines them up for the row round in the same way.
enum Salsa {
    typealias Row = SIMD4<UInt32>

    /// Where word `i` of a block is stored.
    static func diagonal(_ i: Int) -> Int { (i & ~15) | order[i & 15] }
    private static let order = [0, 13, 10, 7, 4, 1, 14, 11, 8, 5, 2, 15, 12, 9, 6, 3]

    /// Salsa20's rotations (7, 9, 13, 18) as left and right shift counts. They come from a function
    /// the optimiser may not look into: seeing constant rotations, LLVM turns each vector rotation
    /// into four scalar `rol` instructions and the core runs at half speed.
    @_optimize(none) static func shiftCounts() -> Shifts { Shifts(l7: 7, r7: 25, l9: 9, r9: 23, l13: 13, r13: 19, l18: 18, r18: 14) }
    struct Shifts { let l7, r7, l9, r9, l13, r13, l18, r18: UInt32 }

    @inline(__always) static func rotl(_ v: Row, _ left: UInt32, _ right: UInt32) -> Row { (v &<< left) | (v &>> right) }

    @inline(__always) static func load(_ p: UnsafePointer<UInt32>, _ row: Int) -> Row {
        UnsafeRawPointer(p + row * 4).loadUnaligned(as: Row.self)
    }

    @inline(__always) static func store(_ v: Row, _ p: UnsafeMutablePointer<UInt32>, _ row: Int) {
        UnsafeMutableRawPointer(p + row * 4).storeBytes(of: v, as: Row.self)
    }

    /// BlockMix (RFC 7914, section 4) of the 2r blocks in `b`, with `y` as scratch; the result
    /// replaces `b`: the even-numbered outputs first, then the odd ones.
    static func blockMix(_ b: UnsafeMutablePointer<UInt32>, _ y: UnsafeMutablePointer<UInt32>, r: Int) {
        let k = shiftCounts()
        let last = b + (2 * r - 1) * 16
        var a = load(last, 0), bb = load(last, 1), c = load(last, 2), d = load(last, 3)
        for i in 0..<(2 * r) {
            let block = b + i * 16
            a ^= load(block, 0); bb ^= load(block, 1); c ^= load(block, 2); d ^= load(block, 3)
            core(&a, &bb, &c, &d, k)
            let out = y + ((i & 1) * r + i / 2) * 16
            store(a, out, 0); store(bb, out, 1); store(c, out, 2); store(d, out, 3)
        }
        b.update(from: y, count: 32 * r)
    }

    /// The Salsa20/8 core: four double rounds, then the input added back word by word.
    @inline(__always) static func core(_ a: inout Row, _ b: inout Row, _ c: inout Row, _ d: inout Row, _ k: Shifts) {
        let (a0, b0, c0, d0) = (a, b, c, d)
        for _ in 0..<4 {
            // Column round.
            b ^= rotl(a &+ d, k.l7, k.r7); c ^= rotl(b &+ a, k.l9, k.r9)
            d ^= rotl(c &+ b, k.l13, k.r13); a ^= rotl(d &+ c, k.l18, k.r18)
            // Row round: d, c, b turned to stand where the row round's b, c, d are.
            var rb = Row(d[1], d[2], d[3], d[0]), rc = Row(c[2], c[3], c[0], c[1]), rd = Row(b[3], b[0], b[1], b[2])
            rb ^= rotl(a &+ rd, k.l7, k.r7); rc ^= rotl(rb &+ a, k.l9, k.r9)
            rd ^= rotl(rc &+ rb, k.l13, k.r13); a ^= rotl(rd &+ rc, k.l18, k.r18)
            d = Row(rb[3], rb[0], rb[1], rb[2]); c = Row(rc[2], rc[3], rc[0], rc[1]); b = Row(rd[1], rd[2], rd[3], rd[0])
        }
        a &+= a0; b &+= b0; c &+= c0; d &+= d0
    }
}

extension ScryptWorkspace {
    private static let preparedLock = NSLock()
    nonisolated(unsafe) private static var prepared: ScryptWorkspace?

    /// Starts taking the memory of a derivation now, on other threads, for the next one with
    /// these parameters to use (a process that will unlock an account calls this first thing).
    public static func prepare(n: Int, r: Int, p: Int) {
        let space = ScryptWorkspace(n: n, r: r, p: p)
        space.prefault()
        preparedLock.lock(); defer { preparedLock.unlock() }
        prepared = space
    }

    /// The prepared workspace if it fits. Either way it is gone afterwards: a process prepares
    /// for one derivation, and memory that does not fit it is given back at once.
    public static func takePrepared(n: Int, r: Int, p: Int) -> ScryptWorkspace? {
        preparedLock.lock(); defer { preparedLock.unlock() }
        defer { prepared = nil }
        guard let space = prepared, space.fits(n: n, r: r, p: p) else { return nil }
        return space
    }

    /// Gives back a prepared workspace that will not be used.
    public static func discardPrepared() {
        preparedLock.lock(); defer { preparedLock.unlock() }
        prepared = nil
    }
}
