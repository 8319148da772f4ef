import DSRTensor

// Element-wise arithmetic with broadcasting. Each op's pullback returns cotangents in the output's
// (broadcast) shape; the tape sums them back to each operand's shape.

// MARK: - add

/// `a + b` (broadcasting). Pullback: `(g, g)`.
public func + <S>(a: Variable<S>, b: Variable<S>) -> Variable<S> {
  a.tape.record(a.value + b.value, inputs: [a, b]) { g in [g, g] }
}

// MARK: - subtract

/// `a − b` (broadcasting). Pullback: `(g, −g)`.
public func - <S>(a: Variable<S>, b: Variable<S>) -> Variable<S> {
  a.tape.record(a.value - b.value, inputs: [a, b]) { g in [g, -g] }
}

// MARK: - multiply

/// `a ⊙ b` (broadcasting). Pullback: `(g ⊙ b, g ⊙ a)`.
public func * <S>(a: Variable<S>, b: Variable<S>) -> Variable<S> {
  let (av, bv) = (a.value, b.value)
  return a.tape.record(av * bv, inputs: [a, b]) { g in [g * bv, g * av] }
}

// MARK: - divide

/// `a ⊘ b` (broadcasting). Pullback: `(g ⊘ b, −g ⊙ a ⊘ b²)`.
public func / <S>(a: Variable<S>, b: Variable<S>) -> Variable<S> {
  let (av, bv) = (a.value, b.value)
  return a.tape.record(av / bv, inputs: [a, b]) { g in [g / bv, -(g * av) / (bv * bv)] }
}

// MARK: - negate

/// `−a`. Pullback: `−g`.
public prefix func - <S>(a: Variable<S>) -> Variable<S> {
  a.tape.record(-a.value, inputs: [a]) { g in [-g] }
}

// MARK: - scalar operations

/// `a + s`. Pullback: `g`.
public func + <S>(a: Variable<S>, s: S) -> Variable<S> {
  a.tape.record(a.value + s, inputs: [a]) { g in [g] }
}
/// `s + a`. Pullback: `g`.
public func + <S>(s: S, a: Variable<S>) -> Variable<S> { a + s }

/// `a − s`. Pullback: `g`.
public func - <S>(a: Variable<S>, s: S) -> Variable<S> {
  a.tape.record(a.value - s, inputs: [a]) { g in [g] }
}
/// `s − a`. Pullback: `−g`.
public func - <S>(s: S, a: Variable<S>) -> Variable<S> {
  a.tape.record(s - a.value, inputs: [a]) { g in [-g] }
}

/// `a · s`. Pullback: `g · s`.
public func * <S>(a: Variable<S>, s: S) -> Variable<S> {
  a.tape.record(a.value * s, inputs: [a]) { g in [g * s] }
}
/// `s · a`. Pullback: `s · g`.
public func * <S>(s: S, a: Variable<S>) -> Variable<S> { a * s }

/// `a / s`. Pullback: `g / s`.
public func / <S>(a: Variable<S>, s: S) -> Variable<S> {
  a.tape.record(a.value / s, inputs: [a]) { g in [g / s] }
}
/// `s / a`. Pullback: `−s·g / a²`.
public func / <S>(s: S, a: Variable<S>) -> Variable<S> {
  let av = a.value
  return a.tape.record(s / av, inputs: [a]) { g in [-(g * s) / (av * av)] }
}

// MARK: - square

/// `a²` element-wise. Pullback: `2a ⊙ g`.
public func square<S>(_ a: Variable<S>) -> Variable<S> {
  let av = a.value
  return a.tape.record(av.squared(), inputs: [a]) { g in [g * av * 2] }
}

// MARK: - square root

/// `√a` element-wise. Pullback: `g / (2√a)`.
public func sqrt<S>(_ a: Variable<S>) -> Variable<S> {
  let root = a.value.sqrt()
  return a.tape.record(root, inputs: [a]) { g in [g / (root * 2)] }
}
