/** A second model on the objects' pictures: the {@code classify} stage and its ONNX classifiers. */
package io.evex.runtime.analysis.classify;
