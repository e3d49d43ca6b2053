package io.roomcast.adapters.chronicle;

/**
 * Where a stored message is: the queue index of its document, and the position seq the document
 * must hold (a check that the index and the queue agree).
 */
record DocumentRef(long queueIndex, long seq) {
}
