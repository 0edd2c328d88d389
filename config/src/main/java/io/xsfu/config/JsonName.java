package io.xsfu.config;

/** An enum constant's spelling in the JSON file, which differs from the Java constant's name. */
interface JsonName {
    String jsonName();
}
