package io.xsfu.config;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks that {@code media.interface} exists and carries every media address, in the network
 * namespace of the calling thread (so run it where the media plane will run).
 */
public final class InterfaceCheck implements ConfigCheck {

    @Override
    public List<ConfigError> check(XsfuConfig config) {
        String name = config.media().interfaceName();
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(name);
        } catch (SocketException e) {
            return List.of(new ConfigError(ConfigPaths.MEDIA_INTERFACE, "cannot look up interface '" + name + "': " + e.getMessage()));
        }
        if (nic == null) {
            return List.of(new ConfigError(ConfigPaths.MEDIA_INTERFACE,
                    "no network interface named '" + name + "' in this network namespace"));
        }
        List<InetAddress> assigned = nic.inetAddresses().toList();
        List<ConfigError> errors = new ArrayList<>();
        List<InetAddress> addresses = config.media().addresses();
        for (int i = 0; i < addresses.size(); i++) {
            InetAddress wanted = addresses.get(i);
            // Compare raw bytes: the interface's IPv6 addresses carry a scope id, the config's do not.
            boolean present = assigned.stream().anyMatch(a -> Arrays.equals(a.getAddress(), wanted.getAddress()));
            if (!present) {
                errors.add(new ConfigError(ConfigPaths.mediaAddress(i),
                        IpLiterals.format(wanted) + " is not assigned to interface '" + name + "'"));
            }
        }
        return errors;
    }
}
