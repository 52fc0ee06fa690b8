package eu.atmosphere.tmaf.monitor.server.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest. */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"TMA Monitor server " + (version == null ? "(development build)" : version)};
    }
}
