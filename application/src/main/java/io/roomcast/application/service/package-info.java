/** The use-case services: one public method each. */
package io.roomcast.application.service;
