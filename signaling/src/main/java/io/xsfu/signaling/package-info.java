/**
 * The control side's front door: a Netty WebSocket endpoint with a JSON protocol that turns requests into
 * {@link io.xsfu.sfu.SfuControl} calls, token authentication, and HTTP health, metrics and admin views.
 */
package io.xsfu.signaling;
