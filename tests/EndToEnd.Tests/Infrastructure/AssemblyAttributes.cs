using System.Runtime.Versioning;

// The setup is made of Debian packages (BIND9, Knot, Pebble, certbot) started as Unix processes.
[assembly: SupportedOSPlatform("linux")]
