import DSRTensor
import DSRTestSupport
import Testing

@Suite struct TensorConstructionTests {
  @Test func shapesAndSubscripts() {
    let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
    #expect(m.shape == [2, 3])
    #expect(m[1, 2] == 6)
    #expect(m.rows == [[1, 2, 3], [4, 5, 6]])
    let c = Tensor<Float>([[[1, 2], [3, 4]], [[5, 6], [7, 8]]])
    #expect(c.shape == [2, 2, 2])
    #expect(c[1, 0, 1] == 6)
    #expect(Tensor<Double>(3).rank == 0)
    #expect(Tensor<Double>.identity(3).diagonalElements == [1, 1, 1])
    #expect(m.reshaped([3, 2]).rows == [[1, 2], [3, 4], [5, 6]])
  }

  @Test func finiteness() {
    #expect(Tensor<Double>([1, 2]).isFinite)
    #expect(!Tensor<Double>([1, .nan]).isFinite)
    #expect(!Tensor<Float>([.infinity]).isFinite)
  }

  @Test func conversion() {
    let t = Tensor<Double>([0.5, -1.25])
    #expect(t.converted(to: Float.self).scalars == [0.5, -1.25])
  }
}

@Suite struct TensorArithmeticTests {
  @Test func elementwise() {
    let a = Tensor<Double>([[1, 2], [3, 4]])
    let b = Tensor<Double>([[10, 20], [30, 40]])
    #expect((a + b).scalars == [11, 22, 33, 44])
    #expect((b - a).scalars == [9, 18, 27, 36])
    #expect((a * b).scalars == [10, 40, 90, 160])
    #expect((b / a).scalars == [10, 10, 10, 10])
    #expect((a * 2).scalars == [2, 4, 6, 8])
    #expect((1 - a).scalars == [0, -1, -2, -3])
    #expect((-a).scalars == [-1, -2, -3, -4])
    #expect((2 / a).scalars == [2, 1, 2.0 / 3, 0.5])
  }

  @Test func broadcastingColumnRowAndScalar() {
    let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
    let column = Tensor<Double>(shape: [2, 1], scalars: [10, 20])
    let row = Tensor<Double>([100, 200, 300])
    #expect((m + column).rows == [[11, 12, 13], [24, 25, 26]])
    #expect((m + row).rows == [[101, 202, 303], [104, 205, 306]])
    #expect((m * Tensor(2)).rows == [[2, 4, 6], [8, 10, 12]])
    #expect((column + row).rows == [[110, 210, 310], [120, 220, 320]])
    let cube = Tensor<Double>(zeros: [2, 2, 3])
    #expect((cube + row).shape == [2, 2, 3])
    #expect((cube + row).scalars.suffix(3) == [100, 200, 300])
    #expect(broadcastShape([2, 1, 3], [4, 1]) == [2, 4, 3])
  }

  @Test func unaryAndMasks() {
    let x = Tensor<Double>([-2, 0, 3])
    #expect(x.relu().scalars == [0, 0, 3])
    #expect((x .> 0).scalars == [0, 0, 1], "relu convention: 0 is off")
    #expect((x .>= 0).scalars == [0, 1, 1])
    #expect((x .< 0).scalars == [1, 0, 0])
    #expect((x .== 0).scalars == [0, 1, 0])
    #expect((x .<= Tensor([-2, -1, 5])).scalars == [1, 0, 1])
    #expect(x.squared().scalars == [4, 0, 9])
    #expect(x.abs().scalars == [2, 0, 3])
    expectClose(Tensor<Double>([1, 4]).sqrt(), Tensor([1, 2]), atol: 1e-15)
    expectClose(Tensor<Double>([0, 1]).exp(), Tensor([1, 2.718281828459045]), atol: 1e-15)
    expectClose(Tensor<Double>([1, 2.718281828459045]).log(), Tensor([0, 1]), atol: 1e-15)
  }
}

@Suite struct TensorReductionTests {
  let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])

  @Test func whole() {
    #expect(m.sum() == 21)
    #expect(m.mean() == 3.5)
    #expect(m.max() == 6)
    #expect(m.min() == 1)
    expectClose(m.frobeniusNorm(), 91.0.squareRoot(), atol: 1e-14)
  }

  @Test func alongAxes() {
    #expect(m.sum(alongAxis: 0).scalars == [5, 7, 9])
    #expect(m.sum(alongAxis: 1).scalars == [6, 15])
    #expect(m.sum(alongAxis: 1, keepingDimension: true).shape == [2, 1])
    #expect(m.mean(alongAxis: 0).scalars == [2.5, 3.5, 4.5])
    #expect(m.max(alongAxis: 1).scalars == [3, 6])
    #expect(m.min(alongAxis: 0).scalars == [1, 2, 3])
    #expect(m.variance(alongAxis: 0).scalars == [2.25, 2.25, 2.25])
    #expect(m.standardDeviation(alongAxis: 1).scalars.map { ($0 * 1e12).rounded() / 1e12 } == [0.816496580928, 0.816496580928])
    let cube = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
    #expect(cube.sum(alongAxis: 1).shape == [2, 4])
    #expect(cube.sum(alongAxis: 1).scalars[0] == 0 + 4 + 8)
    #expect(cube.sum(alongAxis: 2).scalars[5] == 20 + 21 + 22 + 23)
  }
}

@Suite struct TensorShapeTests {
  @Test func transposeAndPermute() {
    let m = Tensor<Double>([[1, 2, 3], [4, 5, 6]])
    #expect(m.transposed().rows == [[1, 4], [2, 5], [3, 6]])
    let cube = Tensor<Double>(shape: [2, 3, 4], scalars: (0..<24).map(Double.init))
    let p = cube.permuted([2, 0, 1])
    #expect(p.shape == [4, 2, 3])
    for i in 0..<2 { for j in 0..<3 { for k in 0..<4 { #expect(p[k, i, j] == cube[i, j, k]) } } }
    #expect(cube.permuted([0, 1, 2]) == cube)
  }

  @Test func slicing() {
    let m = Tensor<Double>([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    #expect(m.rows(1..<3).rows == [[4, 5, 6], [7, 8, 9]])
    #expect(m.columns(0..<2).rows == [[1, 2], [4, 5], [7, 8]])
    #expect(m.row(2).scalars == [7, 8, 9])
    let seq = Tensor<Double>(shape: [4, 2, 3], scalars: (0..<24).map(Double.init))
    #expect(seq.timeStep(2).rows == [[12, 13, 14], [15, 16, 17]])
    #expect(seq.timeSteps(1..<3).shape == [2, 2, 3])
    #expect(seq.timeSteps(1..<3).scalars.first == 6)
    #expect(seq.slice(alongAxis: 2, 1..<2).scalars == [1, 4, 7, 10, 13, 16, 19, 22])
  }

  @Test func concatenationAndReplacement() {
    let a = Tensor<Double>([[1, 2], [3, 4]])
    let b = Tensor<Double>([[5, 6]])
    #expect(Tensor.concatenated([a, b], alongAxis: 0).rows == [[1, 2], [3, 4], [5, 6]])
    #expect(Tensor.concatenated([a, a], alongAxis: 1).rows == [[1, 2, 1, 2], [3, 4, 3, 4]])
    #expect(a.replacingLeadingRows(with: b).rows == [[5, 6], [3, 4]])
  }
}
