package pdfa

import "strings"

// The XMP schemas PDF/A-2 predefines (ISO 19005-2, 6.6.2.3.1: those of the XMP Specification
// 2005), with each property's value type. A property from one of these namespaces must be
// listed here with a value of its type; a property from any other namespace must be declared
// in an extension schema (6.6.2.3.2). Format: a namespace line "ns URI", then "Name Type"
// lines; "struct NAME URI" starts a structure type whose fields follow.
const predefinedSchemas = `
ns http://www.aiim.org/pdfa/ns/id/
part Integer
conformance Text
amd Text
corr Text

ns http://purl.org/dc/elements/1.1/
contributor Bag Text
coverage Text
creator Seq Text
date Seq Date
description LangAlt
format Text
identifier Text
language Bag Text
publisher Bag Text
relation Bag Text
rights LangAlt
source Text
subject Bag Text
title LangAlt
type Bag Text

ns http://ns.adobe.com/xap/1.0/
Advisory Bag Text
BaseURL Text
CreateDate Date
CreatorTool Text
Identifier Bag Text
Label Text
MetadataDate Date
ModifyDate Date
Nickname Text
Rating Real
Thumbnails Alt Thumbnail

ns http://ns.adobe.com/xap/1.0/rights/
Certificate Text
Marked Boolean
Owner Bag Text
UsageTerms LangAlt
WebStatement Text

ns http://ns.adobe.com/xap/1.0/mm/
DerivedFrom ResourceRef
DocumentID Text
History Seq ResourceEvent
InstanceID Text
LastURL Text
ManagedFrom ResourceRef
Manager Text
ManageTo Text
ManageUI Text
ManagerVariant Text
RenditionClass Text
RenditionOf ResourceRef
RenditionParams Text
SaveID Integer
VersionID Text
Versions Seq Version

ns http://ns.adobe.com/xap/1.0/bj/
JobRef Bag Job

ns http://ns.adobe.com/xap/1.0/t/pg/
MaxPageSize Dimensions
NPages Integer
Fonts Bag Font
Colorants Seq Colorant
PlateNames Seq Text

ns http://ns.adobe.com/pdf/1.3/
Keywords Text
PDFVersion Text
Producer Text
Trapped Text

ns http://ns.adobe.com/photoshop/1.0/
AuthorsPosition Text
CaptionWriter Text
Category Text
City Text
Country Text
Credit Text
DateCreated Date
Headline Text
Instructions Text
Source Text
State Text
SupplementalCategories Bag Text
TransmissionReference Text
Urgency Integer

ns http://ns.adobe.com/camera-raw-settings/1.0/
AutoBrightness Boolean
AutoContrast Boolean
AutoExposure Boolean
AutoShadows Boolean
BlueHue Integer
BlueSaturation Integer
Brightness Integer
CameraProfile Text
ChromaticAberrationB Integer
ChromaticAberrationR Integer
ColorNoiseReduction Integer
Contrast Integer
CropTop Real
CropLeft Real
CropBottom Real
CropRight Real
CropAngle Real
CropWidth Real
CropHeight Real
CropUnits Integer
Exposure Real
GreenHue Integer
GreenSaturation Integer
HasCrop Boolean
HasSettings Boolean
LuminanceSmoothing Integer
RawFileName Text
RedHue Integer
RedSaturation Integer
Saturation Integer
Shadows Integer
ShadowTint Integer
Sharpness Integer
Temperature Integer
Tint Integer
ToneCurve Seq Text
ToneCurveName Text
Version Text
VignetteAmount Integer
VignetteMidpoint Integer
WhiteBalance Text

ns http://ns.adobe.com/tiff/1.0/
ImageWidth Integer
ImageLength Integer
BitsPerSample Seq Integer
Compression Integer
PhotometricInterpretation Integer
Orientation Integer
SamplesPerPixel Integer
PlanarConfiguration Integer
YCbCrSubSampling Seq Integer
YCbCrPositioning Integer
XResolution Rational
YResolution Rational
ResolutionUnit Integer
TransferFunction Seq Integer
WhitePoint Seq Rational
PrimaryChromaticities Seq Rational
YCbCrCoefficients Seq Rational
ReferenceBlackWhite Seq Rational
DateTime Date
ImageDescription LangAlt
Make Text
Model Text
Software Text
Artist Text
Copyright LangAlt

ns http://ns.adobe.com/exif/1.0/
ExifVersion Text
FlashpixVersion Text
ColorSpace Integer
ComponentsConfiguration Seq Integer
CompressedBitsPerPixel Rational
PixelXDimension Integer
PixelYDimension Integer
UserComment LangAlt
RelatedSoundFile Text
DateTimeOriginal Date
DateTimeDigitized Date
ExposureTime Rational
FNumber Rational
ExposureProgram Integer
SpectralSensitivity Text
ISOSpeedRatings Seq Integer
OECF OECF
ShutterSpeedValue Rational
ApertureValue Rational
BrightnessValue Rational
ExposureBiasValue Rational
MaxApertureValue Rational
SubjectDistance Rational
MeteringMode Integer
LightSource Integer
Flash Flash
FocalLength Rational
SubjectArea Seq Integer
FlashEnergy Rational
SpatialFrequencyResponse OECF
FocalPlaneXResolution Rational
FocalPlaneYResolution Rational
FocalPlaneResolutionUnit Integer
SubjectLocation Seq Integer
ExposureIndex Rational
SensingMethod Integer
FileSource Integer
SceneType Integer
CFAPattern CFAPattern
CustomRendered Integer
ExposureMode Integer
WhiteBalance Integer
DigitalZoomRatio Rational
FocalLengthIn35mmFilm Integer
SceneCaptureType Integer
GainControl Integer
Contrast Integer
Saturation Integer
Sharpness Integer
DeviceSettingDescription DeviceSettings
SubjectDistanceRange Integer
ImageUniqueID Text
GPSVersionID Text
GPSLatitude GPSCoordinate
GPSLongitude GPSCoordinate
GPSAltitudeRef Integer
GPSAltitude Rational
GPSTimeStamp Date
GPSSatellites Text
GPSStatus Text
GPSMeasureMode Text
GPSDOP Rational
GPSSpeedRef Text
GPSSpeed Rational
GPSTrackRef Text
GPSTrack Rational
GPSImgDirectionRef Text
GPSImgDirection Rational
GPSMapDatum Text
GPSDestLatitude GPSCoordinate
GPSDestLongitude GPSCoordinate
GPSDestBearingRef Text
GPSDestBearing Rational
GPSDestDistanceRef Text
GPSDestDistance Rational
GPSProcessingMethod Text
GPSAreaInformation Text
GPSDifferential Integer

ns http://ns.adobe.com/exif/1.0/aux/
Lens Text
SerialNumber Text

ns http://ns.adobe.com/xmp/1.0/DynamicMedia/
projectRef ProjectLink
videoFrameRate Text
videoFrameSize Dimensions
videoPixelAspectRatio Rational
videoPixelDepth Text
videoColorSpace Text
videoAlphaMode Text
videoAlphaPremultipleColor Colorant
videoAlphaUnityIsTransparent Boolean
videoCompressor Text
videoFieldOrder Text
pullDown Text
audioSampleRate Integer
audioSampleType Text
audioChannelType Text
audioCompressor Text
speakerPlacement Text
fileDataRate Rational
tapeName Text
altTapeName Text
startTimecode Timecode
altTimecode Timecode
duration Time
scene Text
shotName Text
shotDate Date
shotLocation Text
logComment Text
markers Seq Marker
contributedMedia Bag Media
absPeakAudioFilePath Text
relativePeakAudioFilePath Text
videoModDate Date
audioModDate Date
metadataModDate Date
artist Text
album Text
trackNumber Integer
genre Text
copyright Text
releaseDate Date
composer Text
engineer Text
tempo Real
instrument Text
introTime Time
outCue Time
relativeTimestamp Time
loop Boolean
numberOfBeats Real
key Text
stretchMode Text
timeScaleParams TimeScaleStretch
resampleParams ResampleStretch
beatSpliceParams BeatSpliceStretch
timeSignature Text
scaleType Text

struct ResourceRef http://ns.adobe.com/xap/1.0/sType/ResourceRef#
instanceID Text
documentID Text
versionID Text
renditionClass Text
renditionParams Text
manager Text
managerVariant Text
manageTo Text
manageUI Text

struct ResourceEvent http://ns.adobe.com/xap/1.0/sType/ResourceEvent#
action Text
instanceID Text
parameters Text
softwareAgent Text
when Date
changed Text

struct Version http://ns.adobe.com/xap/1.0/sType/Version#
comments Text
event ResourceEvent
modifyDate Date
modifier Text
version Text

struct Job http://ns.adobe.com/xap/1.0/sType/Job#
name Text
id Text
url Text

struct Dimensions http://ns.adobe.com/xap/1.0/sType/Dimensions#
w Real
h Real
unit Text

struct Thumbnail http://ns.adobe.com/xap/1.0/g/img/
height Integer
width Integer
format Text
image Text

struct Font http://ns.adobe.com/xap/1.0/sType/Font#
fontName Text
fontFamily Text
fontFace Text
fontType Text
versionString Text
composite Boolean
fontFileName Text
childFontFiles Seq Text

struct Colorant http://ns.adobe.com/xap/1.0/g/
swatchName Text
mode Text
type Text
cyan Real
magenta Real
yellow Real
black Real
red Integer
green Integer
blue Integer
L Real
A Integer
B Integer

struct Marker http://ns.adobe.com/xmp/1.0/DynamicMedia/
startTime Time
duration Time
comment Text
name Text
location Text
target Text
type Text

struct Media http://ns.adobe.com/xmp/1.0/DynamicMedia/
path Text
track Text
startTime Time
duration Time
managed Boolean
webStatement Text

struct ProjectLink http://ns.adobe.com/xmp/1.0/DynamicMedia/
type Text
path Text

struct Time http://ns.adobe.com/xmp/1.0/DynamicMedia/
value Integer
scale Rational

struct Timecode http://ns.adobe.com/xmp/1.0/DynamicMedia/
timeValue Text
timeFormat Text

struct BeatSpliceStretch http://ns.adobe.com/xmp/1.0/DynamicMedia/
useFileBeatsMarker Boolean
riseInDecibel Real
riseInTimeDuration Time

struct ResampleStretch http://ns.adobe.com/xmp/1.0/DynamicMedia/
quality Text

struct TimeScaleStretch http://ns.adobe.com/xmp/1.0/DynamicMedia/
quality Text
frameSize Real
frameOverlappingPercentage Real

struct CFAPattern http://ns.adobe.com/exif/1.0/
Columns Integer
Rows Integer
Values Seq Integer

struct DeviceSettings http://ns.adobe.com/exif/1.0/
Columns Integer
Rows Integer
Settings Seq Text

struct Flash http://ns.adobe.com/exif/1.0/
Fired Boolean
Return Integer
Mode Integer
Function Boolean
RedEyeMode Boolean

struct OECF http://ns.adobe.com/exif/1.0/
Columns Integer
Rows Integer
Names Seq Text
Values Seq Rational
`

// xmpStruct is a structure type: the namespace of its fields and each field's type.
type xmpStruct struct {
	ns     string
	fields map[string]string
}

var (
	predefinedProps   = map[string]map[string]string{} // namespace → property → type
	predefinedStructs = map[string]*xmpStruct{}
)

func init() {
	var props map[string]string
	for _, line := range strings.Split(predefinedSchemas, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			props = nil
		case f[0] == "ns":
			props = map[string]string{}
			predefinedProps[f[1]] = props
		case f[0] == "struct":
			s := &xmpStruct{ns: f[2], fields: map[string]string{}}
			predefinedStructs[f[1]] = s
			props = s.fields
		default:
			props[f[0]] = strings.Join(f[1:], " ")
		}
	}
}
