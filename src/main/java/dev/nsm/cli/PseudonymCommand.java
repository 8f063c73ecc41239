package dev.nsm.cli;

import dev.nsm.report.PseudonymKeyFile;
import dev.nsm.report.Pseudonyms;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nsm pseudonym}: the pseudonym of each address under a key, so an analyst who holds the key
 * can tell whether a pseudonym in shared output stands for a given address. A pseudonym cannot be
 * turned back into its address; the way back is to compute the pseudonyms of the candidates.
 */
@Command(
    name = "pseudonym",
    mixinStandardHelpOptions = true,
    description = {
      "Print the pseudonym that nsm run --pseudonymize-key gives each address (or network in CIDR"
          + " notation), one 'ADDRESS PSEUDONYM' line each; '-' reads addresses from standard"
          + " input, one a line.",
      "Exit 0 if fine, 2 if the key file is refused or an address is not one."
    })
final class PseudonymCommand implements Callable<Integer> {

  @Option(
      names = "--key",
      required = true,
      paramLabel = "FILE",
      description = "The key file given to nsm run --pseudonymize-key.")
  Path keyFile;

  @Parameters(paramLabel = "ADDRESS", arity = "1..*", description = "Addresses, networks, or -.")
  List<String> addresses;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Pseudonyms pseudonyms;
    try {
      pseudonyms = new Pseudonyms(PseudonymKeyFile.read(keyFile));
    } catch (IOException e) {
      err.println("nsm pseudonym: error: cannot use key file " + IoErrors.describe(e));
      err.flush();
      return ExitCode.INVALID_INPUT;
    }
    int exit = ExitCode.OK;
    for (String address : expanded()) {
      try {
        out.println(address + " " + pseudonyms.of(address));
      } catch (IllegalArgumentException e) {
        err.println("nsm pseudonym: error: " + e.getMessage());
        exit = ExitCode.INVALID_INPUT;
      }
    }
    out.flush();
    err.flush();
    return exit;
  }

  /** The addresses given, with those read from standard input in place of {@code -}. */
  private List<String> expanded() throws IOException {
    List<String> all = new ArrayList<>();
    for (String address : addresses) {
      if (!address.equals("-")) {
        all.add(address);
        continue;
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.isBlank()) {
          all.add(line.strip());
        }
      }
    }
    return all;
  }
}
