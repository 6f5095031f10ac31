/** {@code evex ai-server}: the built-in ONNX detector served behind the LVA HTTP extension contract. */
package io.evex.runtime.aiserver;
