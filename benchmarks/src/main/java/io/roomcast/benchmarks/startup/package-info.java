/** Start-up measurements of the stores (runnable mains). */
package io.roomcast.benchmarks.startup;
