"""The shortlist's stored feature vector becomes packed big-endian float64 (was comma-separated
text): drop and re-add the column, then rebuild every partner's vector from its topic terms and
audience per platform (both already stored)."""

from django.db import migrations, models


def rebuild_features(apps, schema_editor):
    from campaigns.enums import Channel
    from partners.rules import feature_vector

    Partner = apps.get_model("partners", "Partner")
    batch = []
    for partner in Partner.objects.only("pk", "topic_terms", "platform_audience").iterator(chunk_size=2000):
        partner.features = feature_vector(
            topic_terms=partner.topic_terms or [],
            platform_audience=partner.platform_audience or {},
            platforms=Channel.values,
        )
        batch.append(partner)
        if len(batch) >= 2000:
            Partner.objects.bulk_update(batch, ["features"])
            batch = []
    if batch:
        Partner.objects.bulk_update(batch, ["features"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="partner", name="features"),
        migrations.AddField(
            model_name="partner",
            name="features",
            field=models.BinaryField(blank=True, default=b""),
        ),
        migrations.RunPython(rebuild_features, migrations.RunPython.noop),
    ]
