/** The command line: {@code roomcast [serve|token|config|cert]}, made with picocli. */
package io.roomcast.bootstrap.cli;
