using System.Text;
using System.Text.Json;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Overlap;

/// <summary>
/// overlap.json: the corruptions, every model's accuracies (clean, per corruption averaged over
/// severities, and per severity) and robustness scores, the diagonal gains, the overlap matrix rounded
/// to <see cref="OverlapScore.Decimals"/> decimals (null where undefined) and the settings of the run.
/// Accuracies and robustness scores keep full precision so the matrix can be recomputed from the file.
/// </summary>
public static class OverlapJsonExporter
{
    public const string FileName = "overlap.json";

    public static string Render(OverlapMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "robustgate");
            w.WriteString("version", CheckRunner.ToolVersion);
            w.WriteString("score", "overlapping score of Laugros, Caplier and Ospici; R = acc(c) / acc(clean), accuracies averaged over severities");
            WriteSettings(w, matrix);
            w.WriteStartArray("corruptions");
            foreach (var name in matrix.Corruptions)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteStartArray("models");
            foreach (var model in matrix.Trained.Prepend(matrix.Standard))
            {
                WriteModel(w, model, matrix.Corruptions, matrix.Settings.Severities);
            }

            w.WriteEndArray();
            w.WriteStartObject("diagonal_gains");
            var gains = matrix.DiagonalGains;
            for (var i = 0; i < matrix.Corruptions.Count; i++)
            {
                Number(w, matrix.Corruptions[i], gains[i]);
            }

            w.WriteEndObject();
            w.WriteStartObject("diagonal_gain_standard_errors");
            var errors = matrix.DiagonalGainStandardErrors;
            for (var i = 0; i < matrix.Corruptions.Count; i++)
            {
                Number(w, matrix.Corruptions[i], errors[i]);
            }

            w.WriteEndObject();
            w.WriteStartArray("matrix");
            foreach (var row in matrix.Overlap)
            {
                w.WriteStartArray();
                foreach (var value in row)
                {
                    NumberValue(w, OverlapScore.Round(value));
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteNumber("seconds", Math.Round(matrix.Seconds, 3));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>Writes <see cref="FileName"/> in <paramref name="directory"/> atomically; returns its path.</summary>
    public static string Write(OverlapMatrix matrix, string directory)
    {
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, Render(matrix));
        return path;
    }

    private static void WriteSettings(Utf8JsonWriter w, OverlapMatrix matrix)
    {
        var s = matrix.Settings;
        w.WriteStartObject("settings");
        w.WriteString("arch", s.Arch);
        w.WriteString("data", s.Data);
        w.WriteString("data_description", matrix.DataDescription);
        w.WriteNumber("train_images", matrix.TrainCount);
        w.WriteNumber("eval_images", matrix.EvaluationCount);
        w.WriteNumber("epochs", s.Epochs);
        w.WriteNumber("seed", s.Seed);
        w.WriteNumber("batch_size", s.BatchSize);
        w.WriteString("optimizer", "adam");
        w.WriteNumber("learning_rate", s.LearningRate);
        w.WriteString("profile", matrix.ProfileName);
        w.WriteNumber("corrupted_fraction", s.CorruptedFraction);
        w.WriteString("training_severity", "uniform in 1..5 per corrupted image");
        w.WriteStartArray("severities");
        foreach (var severity in s.Severities)
        {
            w.WriteNumberValue(severity);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, OverlapModelResult model, IReadOnlyList<string> corruptions, IReadOnlyList<int> severities)
    {
        w.WriteStartObject();
        w.WriteString("name", model.Name);
        if (model.TrainedOn is { } trainedOn)
        {
            w.WriteString("trained_on", trainedOn);
        }
        else
        {
            w.WriteNull("trained_on");
        }

        Number(w, "clean_accuracy", model.CleanAccuracy);
        w.WriteStartObject("accuracies");
        for (var i = 0; i < corruptions.Count; i++)
        {
            Number(w, corruptions[i], model.Accuracies[i]);
        }

        w.WriteEndObject();
        w.WriteStartObject("severity_accuracies");
        for (var i = 0; i < corruptions.Count; i++)
        {
            w.WriteStartObject(corruptions[i]);
            for (var k = 0; k < severities.Count; k++)
            {
                Number(w, severities[k].ToString(System.Globalization.CultureInfo.InvariantCulture), model.SeverityAccuracies[i][k]);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("robustness");
        for (var i = 0; i < corruptions.Count; i++)
        {
            Number(w, corruptions[i], model.Robustness[i]);
        }

        w.WriteEndObject();
        Number(w, "final_train_loss", model.FinalTrainLoss);
        w.WriteNumber("train_seconds", Math.Round(model.TrainSeconds, 3));
        w.WriteNumber("eval_seconds", Math.Round(model.EvaluationSeconds, 3));
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        NumberValue(w, value);
    }

    // JSON has no NaN: undefined values (zero clean accuracy, diagonal gain ≤ 0) are null.
    private static void NumberValue(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else
        {
            w.WriteNullValue();
        }
    }
}
